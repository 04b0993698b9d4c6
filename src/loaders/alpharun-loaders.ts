import DataLoader from 'dataloader';
import type { ByIdReader } from './ctrlhub-resources.js';
import type { AlpharunClient } from '../upstream/alpharun/client.js';
import type { AlpharunContact, AlpharunContactRef, AlpharunInteraction, ContactInteractionsPage } from '../upstream/alpharun/types.js';
import { observed, type BatchObserver } from './batch-observer.js';
import { createLimiter } from './concurrency.js';
import { absentWhenNotFound, withExpiringCursor } from './statuses.js';

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

  const interactions = new DataLoader<string, AlpharunInteraction | null>(
    observed('alpharun.interactions', options.onBatch, (ids) =>
      Promise.all(ids.map((id) => limit(() => absentWhenNotFound(alpharun.getInteraction(id, call))))),
    ),
  );

  const pages = new DataLoader<
    { contact: AlpharunContactRef; cursor: string | null; limit: number },
    ContactInteractionsPage | null,
    string
  >(
    (keys) =>
      Promise.all(
        keys.map(async ({ contact, cursor, limit: pageLimit }) => {
          const read = limit(() => alpharun.listContactInteractions({ contact, cursor, limit: pageLimit }, call));
          const page = await absentWhenNotFound(withExpiringCursor(cursor, read));
          for (const interaction of page?.interactions ?? []) interactions.prime(interaction.id, interaction);
          return page;
        }),
      ),
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
      Promise.all(
        refs.map(async (contact) => {
          // A first page of this contact already asked for (e.g. by `customerInteractions`) is searched before asking again.
          const known = firstPages.get(refKey(contact));
          const shared = known ? await known.catch(() => undefined) : undefined;
          if (shared === null) return null;
          const fromShared = shared && findIn(shared, contact);
          if (fromShared || (shared && shared.nextCursor === null)) return fromShared ?? null;
          const own = await page(contact, null, options.profilePageLimit);
          return own ? (findIn(own, contact) ?? null) : null;
        }),
      ),
    { cacheKeyFn: refKey },
  );

  return { page, profile: (contact) => profiles.load(contact), interactions };
}
