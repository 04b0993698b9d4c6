import type { Dataset } from '../../src/simulator/dataset.js';

/** How many Ctrl-Hub interactions each contact of a data set has (contacts without any included). */
export function interactionCounts(data: Dataset): Map<string, number> {
  const counts = new Map([...data.ctrlhub.contacts.keys()].map((id) => [id, 0]));
  for (const interaction of data.ctrlhub.interactions) {
    const id = interaction.relationships?.contact?.data?.id;
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * `total` contacts of a data set: the busiest `busy` ones, `silent` ones without interactions, the
 * rest ordinary, interleaved so that no batch sees them grouped by kind.
 */
export function contactMix(data: Dataset, { total, busy, silent }: { total: number; busy: number; silent: number }): string[] {
  const counts = [...interactionCounts(data)];
  const byCount = [...counts].sort((a, b) => b[1] - a[1]);
  const busiest = byCount.slice(0, busy).map(([id]) => id);
  const none = counts.filter(([, count]) => count === 0).map(([id]) => id);
  if (none.length < silent) throw new Error(`the data set has ${none.length} contacts without interactions, ${silent} wanted`);
  const ordinary = counts
    .filter(([id, count]) => count > 0 && !busiest.includes(id))
    .map(([id]) => id)
    .slice(0, total - busy - silent);
  const mix = [...busiest, ...none.slice(0, silent), ...ordinary];
  return mix.map((_, index) => mix[(index * 7) % mix.length] as string);
}
