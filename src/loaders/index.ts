import type { UpstreamClients } from '../upstream/index.js';
import type { AlpharunContactRef, ContactInteractionsPage } from '../upstream/alpharun/types.js';
import type { AccountResource, ContactResource, PropertyResource } from '../upstream/ctrlhub/types.js';
import type { BatchObserver } from './batch-observer.js';
import type { MaybePromise } from './maybe-promise.js';
import { createAlpharunLoaders, type AlpharunLoaders } from './alpharun-loaders.js';
import { createCtrlHubRecords, type CtrlHubRecords } from './ctrlhub-records.js';
import { createInteractionLists, type CountStrategy, type InteractionLists } from './interaction-lists.js';
import { createInteractionWrites, type InteractionWrite, type InteractionWrites } from './interaction-writes.js';
import type { AccountRecord, ContactRecord } from './records.js';

export { whenReady, type MaybePromise } from './maybe-promise.js';
export { parseRecordKey, recordKey, type AccountRecord, type ContactRecord, type InteractionParent, type RelatedName } from './records.js';
export type { InteractionScope } from './interaction-lists.js';
export type { InteractionChanges, InteractionWrite, InteractionWrites, LinkName, NewInteraction } from './interaction-writes.js';

/** Everything one GraphQL request reads upstream goes through these; a new set per request. */
export interface Loaders {
  ctrlhub: CtrlHubRecords;
  interactionLists: InteractionLists;
  alpharun: AlpharunLoaders;
  contacts: ContactSources;
  accounts: AccountSources;
  interactionWrites: InteractionWrites;
}

export interface LoaderOptions {
  signal: AbortSignal;
  /** `false` switches batching, priming and per-request caching off (the benchmark's naive baseline). */
  batching: boolean;
  maxFilterChars: number;
  alpharunConcurrency: number;
  alpharunProfilePageLimit: number;
  onCount?: (strategy: CountStrategy, requests: number, parents: number) => void;
  /** Told the size of every loader batch (metrics). */
  onBatch?: BatchObserver;
  /** Told what each write changed (response cache invalidation); awaited before the write returns. */
  onWrite?: (write: InteractionWrite) => Promise<void>;
}

export function createLoaders(upstreams: UpstreamClients, options: LoaderOptions): Loaders {
  const ctrlhub = createCtrlHubRecords(upstreams.ctrlhub, options);
  const alpharun = createAlpharunLoaders(upstreams.alpharun, {
    signal: options.signal,
    concurrency: options.alpharunConcurrency,
    profilePageLimit: options.alpharunProfilePageLimit,
    ...(options.onBatch ? { onBatch: options.onBatch } : {}),
  });
  const interactionLists = createInteractionLists(upstreams.ctrlhub, ctrlhub, options);
  return {
    ctrlhub,
    interactionLists,
    interactionWrites: createInteractionWrites(upstreams.ctrlhub, ctrlhub, interactionLists, {
      signal: options.signal,
      ...(options.onWrite ? { onWrite: options.onWrite } : {}),
    }),
    alpharun,
    contacts: contactSources(ctrlhub, alpharun),
    accounts: accountSources(ctrlhub, alpharun),
  };
}

/** A Contact's two halves: Ctrl-Hub's record first, Alpharun's profile where Ctrl-Hub is silent. */
export interface ContactSources {
  /** At once when the request already holds the record. */
  ctrlhub(record: ContactRecord): MaybePromise<ContactResource | null>;
  alpharun(record: ContactRecord): Promise<ContactRecord['alpharun']>;
  /** The Alpharun address of the contact: its Ctrl-Hub id as `ext_id`, else its Alpharun id. */
  alpharunRef(record: ContactRecord): AlpharunContactRef | null;
}

function contactSources(ctrlhub: CtrlHubRecords, alpharun: AlpharunLoaders): ContactSources {
  const alpharunRef = (record: ContactRecord): AlpharunContactRef | null =>
    record.ctrlHubId ? { extId: record.ctrlHubId } : record.alpharun ? { id: record.alpharun.id } : null;
  return {
    ctrlhub: (record) =>
      record.ctrlHubId ? (ctrlhub.held.contacts.get(record.ctrlHubId) ?? ctrlhub.contacts.load(record.ctrlHubId)) : null,
    async alpharun(record) {
      if (record.alpharun !== undefined) return record.alpharun;
      const ref = alpharunRef(record);
      return ref ? alpharun.profile(ref) : null;
    },
    alpharunRef,
  };
}

export interface AccountSources {
  /** At once when the request already holds the record. */
  ctrlhub(record: AccountRecord): MaybePromise<AccountResource | null>;
  /** The account's properties; ones Ctrl-Hub cannot find are left out. */
  properties(record: AccountRecord): Promise<PropertyResource[]>;
  /** A page of the account's Alpharun interactions, read through the first of its contacts Alpharun knows. */
  alpharunPage(record: AccountRecord, cursor: string | null, limit: number): Promise<ContactInteractionsPage | null>;
}

function accountSources(ctrlhub: CtrlHubRecords, alpharun: AlpharunLoaders): AccountSources {
  async function contactRefs(record: AccountRecord): Promise<AlpharunContactRef[]> {
    const account = record.ctrlHubId ? await ctrlhub.accounts.load(record.ctrlHubId) : null;
    const ctrlhubContacts = (account?.relationships?.contacts?.data ?? []).map((contact): AlpharunContactRef => ({ extId: contact.id }));
    return [...record.alpharunContacts, ...ctrlhubContacts];
  }
  return {
    ctrlhub: (record) =>
      record.ctrlHubId ? (ctrlhub.held.accounts.get(record.ctrlHubId) ?? ctrlhub.accounts.load(record.ctrlHubId)) : null,
    async properties(record) {
      const account = record.ctrlHubId ? await ctrlhub.accounts.load(record.ctrlHubId) : null;
      const ids = (account?.relationships?.properties?.data ?? []).map((property) => property.id);
      const loaded = await ctrlhub.properties.loadMany(ids);
      return loaded.filter((property): property is PropertyResource => property !== null && !(property instanceof Error));
    },
    async alpharunPage(record, cursor, limit) {
      // Alpharun lists an account's interactions through any one of its contacts; contacts it does not know are skipped.
      for (const contact of await contactRefs(record)) {
        const page = await alpharun.page(contact, cursor, limit);
        if (page) return page;
      }
      return null;
    },
  };
}
