import DataLoader from 'dataloader';
import type { CtrlHubClient } from '../upstream/ctrlhub/client.js';
import type {
  AccountResource,
  ContactResource,
  IncludedResource,
  InteractionFilters,
  InteractionResource,
  InteractionsPage,
  PropertyResource,
  UserResource,
} from '../upstream/ctrlhub/types.js';
import { chunkIds } from './chunk.js';
import type { RelatedName } from './records.js';

/** By-id loaders for every Ctrl-Hub resource, primed from whatever list answers the request already saw. */
export interface CtrlHubRecords {
  interactions: DataLoader<string, InteractionResource | null>;
  contacts: DataLoader<string, ContactResource | null>;
  accounts: DataLoader<string, AccountResource | null>;
  properties: DataLoader<string, PropertyResource | null>;
  users: DataLoader<string, UserResource | null>;
  /** Primes the loaders from a list answer: its interactions and its `included` documents. */
  absorb(page: InteractionsPage): void;
}

export interface CtrlHubRecordsOptions {
  signal: AbortSignal;
  /** Budget for the ids of one filter expression, to keep URLs well under common limits. */
  maxFilterChars: number;
}

const ALL_RELATED: RelatedName[] = ['account', 'author', 'contact', 'property', 'representative'];

export function createCtrlHubRecords(ctrlhub: CtrlHubClient, { signal, maxFilterChars }: CtrlHubRecordsOptions): CtrlHubRecords {
  const call = { signal };
  // Everything seen in this request, by type; the batch functions look here before asking upstream.
  const seen = {
    contacts: new Map<string, ContactResource>(),
    accounts: new Map<string, AccountResource>(),
    properties: new Map<string, PropertyResource>(),
    users: new Map<string, UserResource>(),
  };
  const chunks = (ids: readonly string[]) => chunkIds(ids, ctrlhub.pageLimit, maxFilterChars);

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
    let missing = [...new Set(ids)].filter((id) => !store.has(id));
    if (fallback && missing.length === 1) missing = await readEach(missing, store, fallback);
    while (missing.length > 0) {
      const pages = await Promise.all(
        chunks(missing).map((chunk) => ctrlhub.listInteractions({ filters: { [filterKey]: chunk }, include: [include], limit: ctrlhub.pageLimit }, call)),
      );
      pages.forEach(absorb);
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

  async function readEach<T>(ids: string[], store: Map<string, T>, read: (id: string) => Promise<T | null>): Promise<string[]> {
    await Promise.all(
      ids.map(async (id) => {
        const resource = await read(id);
        if (resource) store.set(id, resource);
      }),
    );
    return [];
  }

  const interactions = new DataLoader<string, InteractionResource | null>(async (ids) => {
    const found = new Map<string, InteractionResource>();
    const pages = await Promise.all(
      chunks(ids).map((chunk) => ctrlhub.listInteractions({ filters: { ids: chunk }, include: ALL_RELATED, limit: chunk.length }, call)),
    );
    for (const page of pages) {
      absorb(page);
      for (const interaction of page.interactions) found.set(interaction.id, interaction);
    }
    return ids.map((id) => found.get(id) ?? null);
  });

  const contacts = new DataLoader<string, ContactResource | null>((ids) =>
    loadThroughInteractions(ids, seen.contacts, 'contactIds', 'contact', (id) => ctrlhub.getContact(id, call)),
  );
  const accounts = new DataLoader<string, AccountResource | null>((ids) =>
    loadThroughInteractions(ids, seen.accounts, 'accountIds', 'account', (id) => ctrlhub.getAccount(id, call)),
  );
  const properties = new DataLoader<string, PropertyResource | null>((ids) => loadThroughInteractions(ids, seen.properties, 'propertyIds', 'property'));
  const users = new DataLoader<string, UserResource | null>((ids) => loadThroughInteractions(ids, seen.users, 'representativeIds', 'representative'));

  function remember<T extends IncludedResource>(store: Map<string, T>, loader: DataLoader<string, T | null>, resource: T) {
    if (store.has(resource.id)) return;
    store.set(resource.id, resource);
    loader.prime(resource.id, resource);
  }

  function absorb(page: InteractionsPage): void {
    for (const interaction of page.interactions) interactions.prime(interaction.id, interaction);
    for (const resource of page.included) {
      switch (resource.type) {
        case 'contacts':
          remember(seen.contacts, contacts, resource as ContactResource);
          break;
        case 'customer-accounts':
          remember(seen.accounts, accounts, resource as AccountResource);
          break;
        case 'properties':
          remember(seen.properties, properties, resource as PropertyResource);
          break;
        // An author is a user under another type name; both are read the same way.
        case 'users':
        case 'authors':
          remember(seen.users, users, resource as UserResource);
          break;
        default:
          break;
      }
    }
  }

  return { interactions, contacts, accounts, properties, users, absorb };
}
