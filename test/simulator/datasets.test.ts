import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionResource } from '../../src/upstream/ctrlhub/types.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { contactMix, interactionCounts } from '../support/contact-mix.js';

let demo: Simulator;
let sparse: Simulator;
beforeAll(async () => {
  [demo, sparse] = await Promise.all([startSimulator({ port: 0 }), startSimulator({ port: 0, dataset: 'sparse' })]);
});
afterAll(() => Promise.all([demo.close(), sparse.close()]));

/** Contacts covered by the first `contact_in(…)` page of 100 over `ids`, read over HTTP as the gateway reads it. */
async function firstPageCoverage(simulator: Simulator, ids: string[]): Promise<number> {
  const filter = `contact_in(${ids.map((id) => `'${id}'`).join(',')})`;
  const response = await fetch(
    `${simulator.ctrlhubBaseUrl}/orgs/${simulator.orgId}/customers/interactions?filter=${encodeURIComponent(filter)}&include=contact&limit=100`,
    { headers: { 'x-session-token': simulator.ctrlhubSessionToken } },
  );
  const body = (await response.json()) as { data: InteractionResource[] };
  return new Set(body.data.map((interaction) => interaction.relationships?.contact?.data?.id)).size;
}

describe('the sparse data set (SIMULATOR_DATASET=sparse)', () => {
  it('gives five contacts most interactions and one contact in ten none', () => {
    const counts = [...interactionCounts(sparse.data).values()].sort((a, b) => b - a);
    const total = sparse.data.ctrlhub.interactions.length;
    expect(counts.slice(0, 5).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(total / 2);
    expect(counts.filter((count) => count === 0).length).toBeGreaterThanOrEqual(sparse.data.ctrlhub.contacts.size / 20);
  });

  it("keeps the demo data's interactions, order and records, moving only whom each interaction concerns", () => {
    expect(sparse.data.ctrlhub.interactions.map((interaction) => interaction.id)).toEqual(
      demo.data.ctrlhub.interactions.map((interaction) => interaction.id),
    );
    expect([...sparse.data.ctrlhub.contacts.keys()]).toEqual([...demo.data.ctrlhub.contacts.keys()]);
    for (const interaction of sparse.data.ctrlhub.interactions) {
      const contact = sparse.data.ctrlhub.contacts.get(interaction.relationships?.contact?.data?.id ?? '');
      const account = sparse.data.ctrlhub.accounts.get(interaction.relationships?.account?.data?.id ?? '');
      expect(contact?.relationships?.accounts?.data?.[0]?.id).toBe(account?.id);
      const property = interaction.relationships?.property?.data;
      if (property) expect(account?.relationships?.properties?.data?.map((owned) => owned.id)).toContain(property.id);
    }
  });

  it('lets the first contact_in page over 47 contacts cover few of them, where the demo data covers most', async () => {
    const mixOf = (simulator: Simulator) => contactMix(simulator.data, { total: 47, busy: 5, silent: 0 });
    expect(await firstPageCoverage(sparse, mixOf(sparse))).toBeLessThan(20);
    expect(await firstPageCoverage(demo, mixOf(demo))).toBeGreaterThan(35);
  });
});
