import type { Dataset } from '../../src/simulator/dataset.js';

/**
 * What a client walking a connection to its end must see, read from the upstream's own data: the
 * account with the most Ctrl-Hub interactions, and a contact whose account has a long Alpharun timeline.
 */
export function busiestAccount(data: Dataset): { account: string; interactionIds: string[] } {
  const byAccount = new Map<string, string[]>();
  for (const interaction of data.ctrlhub.interactions) {
    const account = interaction.relationships?.account?.data?.id;
    if (account) byAccount.set(account, [...(byAccount.get(account) ?? []), interaction.id]);
  }
  const [account, interactionIds] = [...byAccount].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!account || !interactionIds) throw new Error('the dataset has no account with interactions');
  return { account, interactionIds };
}

export function alpharunTimelineOf(data: Dataset): { contact: string; interactionIds: string[] } {
  const candidates = data.alpharun.contacts
    .filter((contact) => contact.ext_id)
    .map((contact) => ({
      contact: contact.ext_id as string,
      interactionIds: (data.alpharun.interactionsByAccount.get(data.alpharun.accountOfContact.get(contact.id) ?? '') ?? []).map(
        (interaction) => interaction.id,
      ),
    }))
    .sort((a, b) => b.interactionIds.length - a.interactionIds.length);
  const best = candidates[0];
  if (!best || best.interactionIds.length < 20) throw new Error('the dataset has no contact with a long Alpharun timeline');
  return best;
}
