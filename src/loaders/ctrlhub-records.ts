import DataLoader from 'dataloader';
import { observed, type BatchObserver } from './batch-observer.js';
import type { CtrlHubClient } from '../upstream/ctrlhub/client.js';
import type {
  AccountResource,
  ContactResource,
  InteractionFilters,
  InteractionResource,
  InteractionsPage,
  ListInteractionsParams,
  PropertyResource,
  UserResource,
} from '../upstream/ctrlhub/types.js';
import { chunkIds } from './chunk.js';
import type { RelatedName } from './records.js';

/** By-id loaders for every Ctrl-Hub resource, answered first from whatever list answers the request already saw. */
export interface CtrlHubRecords {
  interactions: DataLoader<string, InteractionResource | null>;
  contacts: DataLoader<string, ContactResource | null>;
  accounts: DataLoader<string, AccountResource | null>;
  properties: DataLoader<string, PropertyResource | null>;
  users: DataLoader<string, UserResource | null>;
  /** Records this request already holds (from list answers): resolvers read them without a Promise. */
  held: HeldRecords;
  /**
   * Lists interactions and keeps what the answer holds (its interactions and `included`) for the loaders.
   * Related-record batches wait for lists in flight, so a record about to arrive is not fetched twice.
   */
  list(params: Omit<ListInteractionsParams, 'limit' | 'offset'> & { offset: number; count: number }): Promise<InteractionsPage>;
  /** After a write: the interaction as it now is replaces what this request held, or (`null`) is read again when next asked for. */
  rewrite(id: string, interaction: InteractionResource | null): void;
}

export interface HeldRecords {
  contacts: ReadonlyMap<string, ContactResource>;
  accounts: ReadonlyMap<string, AccountResource>;
  properties: ReadonlyMap<string, PropertyResource>;
  users: ReadonlyMap<string, UserResource>;
}

export interface CtrlHubRecordsOptions {
  signal: AbortSignal;
  /** Budget for the ids of one filter expression, to keep URLs well under common limits. */
  maxFilterChars: number;
  /**
   * `false` is the benchmark's naive baseline: every record read on its own, nothing batched,
   * primed or cached, as a plain resolver per field would.
   */
  batching: boolean;
  onBatch?: BatchObserver;
}

const ALL_RELATED: RelatedName[] = ['account', 'author', 'contact', 'property', 'representative'];

export function createCtrlHubRecords(
  ctrlhub: CtrlHubClient,
  { signal, maxFilterChars, batching, onBatch }: CtrlHubRecordsOptions,
): CtrlHubRecords {
  if (!batching) return createNaiveRecords(ctrlhub, signal);
  const call = { signal };
  // Everything seen in this request, by type: the batch functions look here before asking upstream,
  // and resolvers read it directly (`held`), so list answers need not prime the loaders key by key.
  const seen = {
    interactions: new Map<string, InteractionResource>(),
    contacts: new Map<string, ContactResource>(),
    accounts: new Map<string, AccountResource>(),
    properties: new Map<string, PropertyResource>(),
    users: new Map<string, UserResource>(),
  };
  const chunks = (ids: readonly string[]) => chunkIds(ids, ctrlhub.pageLimit, maxFilterChars);
  const inFlight = new Set<Promise<unknown>>();

  /** Runs a list request, keeps what its answer holds, and lets related batches wait for it. */
  function track(request: Promise<InteractionsPage>): Promise<InteractionsPage> {
    const kept = request.then((page) => {
      absorb(page);
      return page;
    });
    inFlight.add(kept);
    void kept.catch(() => undefined).finally(() => inFlight.delete(kept));
    return kept;
  }

  async function settleInFlight(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  /**
   * Resources without an org-scoped list read arrive in `included` of interactions filtered by them.
   * Each round asks for the ids still missing; a round that finds none of them ends the search.
   * With `fallback`, one round is tried and the rest are read one by one (records without interactions).
   */
  async function loadThroughInteractions<T>(
    ids: readonly string[],
    store: Map<string, T>,
    filterKey: keyof InteractionFilters,
    include: RelatedName,
    fallback?: (id: string) => Promise<T | null>,
  ): Promise<(T | null)[]> {
    if (ids.every((id) => store.has(id))) return ids.map((id) => store.get(id) ?? null);
    await settleInFlight();
    let missing = [...new Set(ids)].filter((id) => !store.has(id));
    // A single missing record is read by id directly: one request either way, and certain to find it.
    if (fallback && missing.length === 1) {
      await readEach(missing, store, fallback);
      missing = [];
    }
    while (missing.length > 0) {
      await Promise.all(
        chunks(missing).map((chunk) =>
          track(ctrlhub.listInteractions({ filters: { [filterKey]: chunk }, include: [include], limit: ctrlhub.pageLimit }, call)),
        ),
      );
      const stillMissing = missing.filter((id) => !store.has(id));
      if (fallback) {
        await readEach(stillMissing, store, fallback);
        break;
      }
      if (stillMissing.length === missing.length) break;
      missing = stillMissing;
    }
    return ids.map((id) => store.get(id) ?? null);
  }

  async function readEach<T>(ids: string[], store: Map<string, T>, read: (id: string) => Promise<T | null>): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const resource = await read(id);
        if (resource) store.set(id, resource);
      }),
    );
  }

  const interactions = new DataLoader<string, InteractionResource | null>(
    observed('ctrlhub.interactions', onBatch, async (ids) => {
      const missing = ids.filter((id) => !seen.interactions.has(id));
      await Promise.all(
        chunks(missing).map((chunk) =>
          track(ctrlhub.listInteractions({ filters: { ids: chunk }, include: ALL_RELATED, limit: chunk.length }, call)),
        ),
      );
      return ids.map((id) => seen.interactions.get(id) ?? null);
    }),
  );

  const contacts = new DataLoader<string, ContactResource | null>(
    observed('ctrlhub.contacts', onBatch, (ids) =>
      loadThroughInteractions(ids, seen.contacts, 'contactIds', 'contact', (id) => ctrlhub.getContact(id, call)),
    ),
  );
  const accounts = new DataLoader<string, AccountResource | null>(
    observed('ctrlhub.accounts', onBatch, (ids) =>
      loadThroughInteractions(ids, seen.accounts, 'accountIds', 'account', (id) => ctrlhub.getAccount(id, call)),
    ),
  );
  const properties = new DataLoader<string, PropertyResource | null>(
    observed('ctrlhub.properties', onBatch, (ids) => loadThroughInteractions(ids, seen.properties, 'propertyIds', 'property')),
  );
  const users = new DataLoader<string, UserResource | null>(
    observed('ctrlhub.users', onBatch, (ids) => loadThroughInteractions(ids, seen.users, 'representativeIds', 'representative')),
  );

  function remember<T extends { id: string }>(store: Map<string, T>, resource: T) {
    if (!store.has(resource.id)) store.set(resource.id, resource);
  }

  function absorb(page: InteractionsPage): void {
    for (const interaction of page.interactions) remember(seen.interactions, interaction);
    for (const resource of page.included) {
      switch (resource.type) {
        case 'contacts':
          remember(seen.contacts, resource as ContactResource);
          break;
        case 'customer-accounts':
          remember(seen.accounts, resource as AccountResource);
          break;
        case 'properties':
          remember(seen.properties, resource as PropertyResource);
          break;
        // An author is a user under another type name; both are read the same way.
        case 'users':
        case 'authors':
          remember(seen.users, resource as UserResource);
          break;
        default:
          break;
      }
    }
  }

  return {
    interactions,
    contacts,
    accounts,
    properties,
    users,
    held: seen,
    list: ({ offset, count, ...params }) => track(ctrlhub.listInteractionRange({ ...params, offset, count }, call)),
    rewrite(id, interaction) {
      interactions.clear(id);
      if (interaction) {
        seen.interactions.set(id, interaction);
        interactions.prime(id, interaction);
      } else {
        seen.interactions.delete(id);
      }
    },
  };
}

/** The naive baseline of `createCtrlHubRecords`: one upstream request per record, every time. */
function createNaiveRecords(ctrlhub: CtrlHubClient, signal: AbortSignal): CtrlHubRecords {
  const call = { signal };
  const unbatched = { batch: false, cache: false } as const;
  const throughOwnInteraction = <T>(filterKey: keyof InteractionFilters, include: RelatedName, type: string) =>
    new DataLoader<string, T | null>(
      ([id]) =>
        ctrlhub
          .listInteractions({ filters: { [filterKey]: [id as string] }, include: [include], limit: 1 }, call)
          .then((page) => [(page.included.find((resource) => resource.type === type && resource.id === id) as T | undefined) ?? null]),
      unbatched,
    );
  return {
    interactions: new DataLoader(
      ([id]) =>
        ctrlhub.listInteractions({ filters: { ids: [id as string] }, limit: 1 }, call).then((page) => [page.interactions[0] ?? null]),
      unbatched,
    ),
    contacts: new DataLoader(([id]) => ctrlhub.getContact(id as string, call).then((contact) => [contact]), unbatched),
    accounts: new DataLoader(([id]) => ctrlhub.getAccount(id as string, call).then((account) => [account]), unbatched),
    properties: throughOwnInteraction<PropertyResource>('propertyIds', 'property', 'properties'),
    users: throughOwnInteraction<UserResource>('representativeIds', 'representative', 'users'),
    held: { contacts: new Map(), accounts: new Map(), properties: new Map(), users: new Map() },
    list: ({ offset, count, include: _include, ...params }) => ctrlhub.listInteractionRange({ ...params, offset, count }, call),
    // Nothing is kept, so nothing can be stale.
    rewrite: () => undefined,
  };
}
