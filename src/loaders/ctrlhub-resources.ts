import DataLoader from 'dataloader';
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
import { type BatchObserver, observed } from './batch-observer.js';
import { chunkIds } from './chunk.js';
import { absentWhenNotFound } from './statuses.js';
import { allOrFirstFailure, settleEach } from './settle.js';

/** Relationships of an interaction the graph can resolve, and so ask Ctrl-Hub to include. */
export type RelatedName = 'account' | 'author' | 'contact' | 'property' | 'representative';

/** A by-id read; a DataLoader is one. `null` for a record the upstream does not know. */
export interface ByIdReader<T> {
  load(id: string): Promise<T | null>;
  loadMany(ids: readonly string[]): Promise<(T | null | Error)[]>;
}

/** A range of interactions: `count` items from `offset`. */
export type InteractionRangeParams = Omit<ListInteractionsParams, 'limit' | 'offset'> & { offset: number; count: number };

/** Per-request reads of Ctrl-Hub resources, answered first from what the request's list answers already held. */
export interface CtrlHubResources {
  interactions: ByIdReader<InteractionResource>;
  contacts: ByIdReader<ContactResource>;
  accounts: ByIdReader<AccountResource>;
  properties: ByIdReader<PropertyResource>;
  users: ByIdReader<UserResource>;
  /** Resources this request already holds (from list answers), readable without a Promise. */
  held: HeldResources;
  /** Lists interactions and keeps what the answer holds (its interactions and `included`) for the reads above. */
  list(params: InteractionRangeParams): Promise<InteractionsPage>;
  /** After a write: the interaction as it now is replaces what this request held, or (`null`) is read again when next asked for. */
  rewrite(id: string, interaction: InteractionResource | null): void;
  /** The longest start of the organisation's unfiltered list this request has read, with what it included. */
  unfilteredPrefix(): ListPrefix | undefined;
  /**
   * Forgets every record this request holds and empties each record it read (only `id` and `type`
   * stay); called once its response has ended. Left to the garbage collector, the records of each
   * 100-row page were promoted to V8's old generation and collected only by the next full collection
   * (see the context factory in `src/server/graph-server.ts`).
   */
  release(): void;
}

/** The first interactions of the organisation's whole list: every filtered list begins with its own among them. */
export interface ListPrefix {
  interactions: readonly InteractionResource[];
  include: readonly RelatedName[];
}

export interface HeldResources {
  contacts: ReadonlyMap<string, ContactResource>;
  accounts: ReadonlyMap<string, AccountResource>;
  properties: ReadonlyMap<string, PropertyResource>;
  users: ReadonlyMap<string, UserResource>;
}

export interface CtrlHubResourcesOptions {
  signal: AbortSignal;
  /** Budget for the ids of one filter expression, to keep URLs well under common limits. */
  maxFilterChars: number;
  onBatch?: BatchObserver | undefined;
}

const ALL_RELATED: RelatedName[] = ['account', 'author', 'contact', 'property', 'representative'];

export function createCtrlHubResources(
  ctrlhub: CtrlHubClient,
  { signal, maxFilterChars, onBatch }: CtrlHubResourcesOptions,
): CtrlHubResources {
  const call = { signal };
  // Everything seen in this request, by type: the batch functions look here before asking upstream,
  // and the loaders' callers read it directly (`held`), so list answers need not prime key by key.
  const seen = {
    interactions: new Map<string, InteractionResource>(),
    contacts: new Map<string, ContactResource>(),
    accounts: new Map<string, AccountResource>(),
    properties: new Map<string, PropertyResource>(),
    users: new Map<string, UserResource>(),
  };
  const chunks = (ids: readonly string[]) => chunkIds(ids, ctrlhub.pageLimit, maxFilterChars);
  /** List requests in flight, with the relationships each asked Ctrl-Hub to include. */
  const inFlight = new Map<Promise<unknown>, readonly RelatedName[]>();
  /** Every list answer this request read, repeated records included, for `release` to empty. */
  const pages: InteractionsPage[] = [];

  /** Runs a list request and keeps what its answer holds. */
  function track(request: Promise<InteractionsPage>, include: readonly RelatedName[]): Promise<InteractionsPage> {
    const kept = request.then((page) => {
      absorb(page);
      return page;
    });
    inFlight.set(kept, include);
    void kept.catch(() => undefined).finally(() => inFlight.delete(kept));
    return kept;
  }

  /** Waits for the lists in flight that include `relation`: a record about to arrive in one is not fetched twice. */
  async function settleListsIncluding(relation: RelatedName): Promise<void> {
    const including = () => [...inFlight].filter(([, include]) => include.includes(relation)).map(([list]) => list);
    for (let lists = including(); lists.length > 0; lists = including()) await Promise.allSettled(lists);
  }

  /**
   * Resources without an org-scoped list read arrive in `included` of interactions filtered by them,
   * in rounds over the shrinking set still missing: one page of `contact_in(…)` covers the records
   * whose interactions come first, the next round the others. A round stops asking for a record when
   * its page held the whole filtered list (the record has no interactions) or when a round finds
   * nothing new; those records are read by id (`fallback`), or are absent when there is no by-id read.
   */
  async function loadThroughInteractions<T>(
    ids: readonly string[],
    store: Map<string, T>,
    filterKey: keyof InteractionFilters,
    include: RelatedName,
    fallback?: (id: string) => Promise<T | null>,
  ): Promise<(T | null | Error)[]> {
    if (ids.every((id) => store.has(id))) return ids.map((id) => store.get(id) ?? null);
    await settleListsIncluding(include);
    let missing = [...new Set(ids)].filter((id) => !store.has(id));
    const failures = new Map<string, Error>();
    const withoutInteractions: string[] = [];
    // A single missing record is read by id directly: one request either way, and certain to find it.
    while (missing.length > (fallback ? 1 : 0)) {
      const rounds = await settleEach(chunks(missing), async (chunk) => {
        const page = await track(
          ctrlhub.listInteractions({ filters: { [filterKey]: chunk }, include: [include], limit: ctrlhub.pageLimit }, call),
          [include],
        );
        return { chunk, ended: page.nextOffset === null };
      });
      const failed = rounds.find((round) => round instanceof Error);
      if (failed) throw failed;
      const stillMissing: string[] = [];
      for (const round of rounds) {
        if (round instanceof Error) continue;
        for (const id of round.chunk) if (!store.has(id)) (round.ended ? withoutInteractions : stillMissing).push(id);
      }
      if (stillMissing.length === missing.length) {
        withoutInteractions.push(...stillMissing);
        missing = [];
      } else missing = stillMissing;
    }
    if (fallback)
      for (const [id, failure] of await readEach([...withoutInteractions, ...missing], store, fallback)) failures.set(id, failure);
    return ids.map((id) => store.get(id) ?? failures.get(id) ?? null);
  }

  /** Reads each id on its own; what could not be read is returned by id, for that key alone to fail. */
  async function readEach<T>(ids: string[], store: Map<string, T>, read: (id: string) => Promise<T | null>): Promise<Map<string, Error>> {
    const outcomes = await settleEach(ids, read);
    const failures = new Map<string, Error>();
    ids.forEach((id, index) => {
      const outcome = outcomes[index];
      if (outcome instanceof Error) failures.set(id, outcome);
      else if (outcome) store.set(id, outcome);
    });
    return failures;
  }

  const interactions = new DataLoader<string, InteractionResource | null>(
    observed('ctrlhub.interactions', onBatch, async (ids) => {
      const missing = ids.filter((id) => !seen.interactions.has(id));
      await allOrFirstFailure(
        chunks(missing).map((chunk) =>
          track(ctrlhub.listInteractions({ filters: { ids: chunk }, include: ALL_RELATED, limit: chunk.length }, call), ALL_RELATED),
        ),
      );
      return ids.map((id) => seen.interactions.get(id) ?? null);
    }),
  );

  const contacts = new DataLoader<string, ContactResource | null>(
    observed('ctrlhub.contacts', onBatch, (ids) =>
      loadThroughInteractions(ids, seen.contacts, 'contactIds', 'contact', (id) => absentWhenNotFound(ctrlhub.getContact(id, call))),
    ),
  );
  const accounts = new DataLoader<string, AccountResource | null>(
    observed('ctrlhub.accounts', onBatch, (ids) =>
      loadThroughInteractions(ids, seen.accounts, 'accountIds', 'account', (id) => absentWhenNotFound(ctrlhub.getAccount(id, call))),
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
    pages.push(page);
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
        // An author is a user under another type name, read the same way. Its attributes are not
        // documented, so the same person's `users` entry, when a page has one, is the one kept.
        case 'users':
          if (seen.users.get(resource.id)?.type !== 'users') seen.users.set(resource.id, resource as UserResource);
          break;
        case 'authors':
          remember(seen.users, resource as UserResource);
          break;
        default:
          break;
      }
    }
  }

  let prefix: ListPrefix | undefined;
  async function list(params: InteractionRangeParams): Promise<InteractionsPage> {
    const include = (params.include ?? []) as readonly RelatedName[];
    const page = await track(ctrlhub.listInteractionRange(params, call), include);
    const unfiltered = Object.values(params.filters ?? {}).every((ids) => ids === undefined);
    if (unfiltered && params.offset === 0 && page.interactions.length > (prefix?.interactions.length ?? 0))
      prefix = { interactions: page.interactions, include };
    return page;
  }

  return {
    interactions,
    contacts,
    accounts,
    properties,
    users,
    held: seen,
    list,
    unfilteredPrefix: () => prefix,
    release() {
      // Emptied, not only forgotten: what the request made before its upstream calls (the promises of
      // each call's chain) was promoted while it waited, and those old objects still reach the records
      // they resolved with until the next full collection. Every young collection until then copied
      // each page again: emptied, the records leave nothing for it to copy (bench/README.md, Round 11).
      for (const page of pages.splice(0)) {
        for (const record of page.interactions) emptyRecord(record);
        for (const record of page.included) emptyRecord(record);
      }
      for (const records of Object.values(seen)) {
        for (const record of records.values()) emptyRecord(record);
        records.clear();
      }
      for (const loader of [interactions, contacts, accounts, properties, users]) loader.clearAll();
      inFlight.clear();
      prefix = undefined;
    },
    rewrite(id, interaction) {
      interactions.clear(id);
      // The organisation's list changed: what this request read of it no longer starts every list.
      prefix = undefined;
      if (interaction) {
        seen.interactions.set(id, interaction);
        interactions.prime(id, interaction);
      } else {
        seen.interactions.delete(id);
      }
    },
  };
}

/**
 * Drops what a record holds beyond its identity. Assigned, not deleted: a `delete` turns the record
 * into a dictionary, a fresh allocation that the old objects pointing at it would keep alive.
 */
function emptyRecord(record: { attributes?: unknown; relationships?: unknown; meta?: unknown }): void {
  record.attributes = undefined;
  record.relationships = undefined;
  record.meta = undefined;
}
