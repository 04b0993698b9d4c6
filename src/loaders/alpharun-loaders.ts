import DataLoader from 'dataloader';
import type { ByIdReader } from './ctrlhub-resources.js';
import type { AlpharunClient } from '../upstream/alpharun/client.js';
import type { AlpharunContact, AlpharunContactRef, AlpharunInteraction, ContactInteractionsPage } from '../upstream/alpharun/types.js';
import { observed, type BatchObserver } from './batch-observer.js';
import { createLimiter } from './concurrency.js';
import { absentWhenNotFound, withExpiringCursor } from './statuses.js';
import { settleEach } from './settle.js';

/**
 * Alpharun has no batch endpoint: its loaders deduplicate identical requests within a GraphQL
 * request and bound how many run at once.
 */
export interface AlpharunLoaders {
  /**
   * One page of a contact's (account's) interactions; `null` when Alpharun does not know the contact.
   * A cursor Alpharun refuses is the client's `after` to replace (`BAD_USER_INPUT`).
   */
  page(contact: AlpharunContactRef, cursor: string | null, limit: number): Promise<ContactInteractionsPage | null>;
  /** The contact's own Alpharun profile, as it appears on its interactions; `null` when not found. */
  profile(contact: AlpharunContactRef): Promise<AlpharunContact | null>;
  interactions: ByIdReader<AlpharunInteraction>;
  /** Forgets and empties what the request read, as the Ctrl-Hub loaders do (see `Loaders.release` for when). */
  release(): void;
}

export interface AlpharunLoadersOptions {
  signal: AbortSignal;
  concurrency: number;
  /** Page size used to look a contact's profile up when no page of theirs is already at hand. */
  profilePageLimit: number;
  onBatch?: BatchObserver | undefined;
}

const refKey = (contact: AlpharunContactRef) => ('id' in contact ? `id:${contact.id}` : `ext:${contact.extId}`);

export function createAlpharunLoaders(alpharun: AlpharunClient, options: AlpharunLoadersOptions): AlpharunLoaders {
  const call = { signal: options.signal };
  const limit = createLimiter(options.concurrency);
  const firstPages = new Map<string, Promise<ContactInteractionsPage | null>>();
  /** Every interaction this request read, for `release` to empty. */
  const held: AlpharunInteraction[] = [];

  const interactions = new DataLoader<string, AlpharunInteraction | null>(
    observed('alpharun.interactions', options.onBatch, (ids) =>
      settleEach(ids, async (id) => {
        const interaction = await limit(() => absentWhenNotFound(alpharun.getInteraction(id, call)));
        if (interaction) held.push(interaction);
        return interaction;
      }),
    ),
  );

  const pages = new DataLoader<
    { contact: AlpharunContactRef; cursor: string | null; limit: number },
    ContactInteractionsPage | null,
    string
  >(
    (keys) =>
      settleEach(keys, async ({ contact, cursor, limit: pageLimit }) => {
        const read = limit(() => alpharun.listContactInteractions({ contact, cursor, limit: pageLimit }, call));
        const page = await absentWhenNotFound(withExpiringCursor(cursor, read));
        for (const interaction of page?.interactions ?? []) {
          interactions.prime(interaction.id, interaction);
          held.push(interaction);
        }
        return page;
      }),
    { cacheKeyFn: ({ contact, cursor, limit: pageLimit }) => JSON.stringify([refKey(contact), cursor, pageLimit]) },
  );

  function page(contact: AlpharunContactRef, cursor: string | null, pageLimit: number) {
    const loaded = pages.load({ contact, cursor, limit: pageLimit });
    if (cursor === null && !firstPages.has(refKey(contact))) firstPages.set(refKey(contact), loaded);
    return loaded;
  }

  const matches = (contact: AlpharunContactRef) => (candidate: AlpharunContact) =>
    'id' in contact ? candidate.id === contact.id : candidate.ext_id === contact.extId;
  const findIn = (found: ContactInteractionsPage, contact: AlpharunContactRef) =>
    found.interactions.flatMap((interaction) => interaction.contacts ?? []).find(matches(contact));

  const profiles = new DataLoader<AlpharunContactRef, AlpharunContact | null, string>(
    (refs) =>
      settleEach(refs, async (contact) => {
        // A first page of this contact already asked for (e.g. by `customerInteractions`) is searched before asking again.
        const known = firstPages.get(refKey(contact));
        const shared = known ? await known.catch(() => undefined) : undefined;
        if (shared === null) return null;
        const fromShared = shared && findIn(shared, contact);
        if (fromShared || (shared && shared.nextCursor === null)) return fromShared ?? null;
        const own = await page(contact, null, options.profilePageLimit);
        return own ? (findIn(own, contact) ?? null) : null;
      }),
    { cacheKeyFn: refKey },
  );

  return {
    page,
    profile: (contact) => profiles.load(contact),
    interactions,
    release() {
      // Emptied, not only forgotten, for the reason `CtrlHubResources.release` gives: the promoted
      // promises of the request's calls still reach these records until the next full collection.
      for (const interaction of held.splice(0)) emptyInteraction(interaction);
      for (const loader of [interactions, pages, profiles]) loader.clearAll();
      firstPages.clear();
    },
  };
}

/** Drops what an interaction holds beyond its id; assigned, not deleted, so the record keeps its shape. */
function emptyInteraction(interaction: AlpharunInteraction): void {
  interaction.summary = undefined;
  interaction.teammate = undefined;
  interaction.data_extraction_fields = undefined;
  interaction.account = undefined;
  interaction.contacts = undefined;
}
