import { badUserInput } from '../errors/index.js';
import type { OffsetRange, OffsetSlice } from '../pagination/offset-connection.js';
import type { AlpharunContact, AlpharunContactRef, AlpharunInteraction, ContactInteractionsPage } from '../upstream/alpharun/types.js';
import type { CtrlHubClient } from '../upstream/ctrlhub/client.js';
import { buildFilterExpression } from '../upstream/ctrlhub/filter.js';
import type {
  AccountResource,
  ContactResource,
  InteractionFilters,
  InteractionResource,
  PropertyResource,
  UserResource,
} from '../upstream/ctrlhub/types.js';
import type { UpstreamClients } from '../upstream/index.js';
import { createAlpharunLoaders } from './alpharun-loaders.js';
import { encodedLength } from './chunk.js';
import type { BatchObserver } from './batch-observer.js';
import { type CtrlHubResources, type CtrlHubResourcesOptions, createCtrlHubResources } from './ctrlhub-resources.js';
import type { CountStrategy } from './first-pages.js';
import {
  type AccountNode,
  accountFromCtrlHub,
  accountOfAlpharunInteraction,
  alpharunAddressOf,
  type ContactNode,
  contactFromAlpharun,
  contactFromCtrlHub,
  ctrlHubIdsOf,
  parseAccountKey,
  parseContactKey,
} from './identity.js';
import { createInteractionWrites, type InteractionWrites } from './interaction-writes.js';
import {
  createInteractionLists,
  type InteractionListOptions,
  type InteractionLists,
  type InteractionListsOptions,
  type InteractionParent,
} from './interaction-lists.js';
import { type MaybePromise, whenReady } from './maybe-promise.js';
import { settleEach } from './settle.js';

export { type AccountNode, accountKey, type ContactNode, contactKey } from './identity.js';
export type { CtrlHubResources, HeldResources, RelatedName } from './ctrlhub-resources.js';
export type { InteractionListOptions, InteractionLists, InteractionParent } from './interaction-lists.js';
export type { InteractionChanges, InteractionWrites, LinkName, NewInteraction } from './interaction-writes.js';
export { ctrlHubIdsOf } from './identity.js';
/** Why an id can name no Ctrl-Hub record (it cannot be sent as one path segment), or `undefined`: the client's own rule. */
export { segmentProblem as ctrlHubIdProblem } from '../upstream/http/path-segment.js';
export { type MaybePromise, whenReady } from './maybe-promise.js';

/*
 * The schema's one door to the data, a new one per GraphQL request. Every method answers with a
 * value when the request already holds it and a Promise otherwise; behind it sit the batching
 * DataLoaders, what list answers brought along (`include=`), the identity of a Contact and an
 * Account across both APIs (`identity.ts`) and what upstream statuses mean (`statuses.ts`).
 */
export interface Loaders {
  contacts: ContactData;
  accounts: AccountData;
  properties: NodeData<PropertyResource>;
  representatives: NodeData<UserResource>;
  ctrlhubInteractions: CtrlHubInteractionData;
  alpharunInteractions: AlpharunInteractionData;
  /** Forgets and empties what this request read: only once nothing reads through these (its response and execution have ended, `src/server/loader-release.ts`). */
  release(): void;
}

/** Reads of one node type. */
export interface NodeData<Node> {
  /** Nodes by the local part of their global ids, in order; `null` for ones the upstreams do not know. */
  load(keys: readonly string[]): Promise<readonly (Node | null | Error)[]>;
  /**
   * What a field pointing at the node by Ctrl-Hub id hands over: the node when this request holds it
   * (no Promise), else its key for the node type's batched `load` (contacts and accounts, which have a
   * read by id: one it does not find is gone, `null`), else the record read. Properties and users have
   * no read by id, so one no read finds (an `included` entry the upstream left out) is still the record
   * of that id, with nothing else known (`upstreams/ctrlhub.md`: "keep the `{id, type}` then").
   */
  related(ctrlHubId: string | null | undefined): MaybePromise<Node> | string | null;
}

export interface ContactData extends NodeData<ContactNode> {
  /** Ctrl-Hub's record of the contact: the record of truth for its details. */
  ctrlhub(contact: ContactNode): MaybePromise<ContactResource | null>;
  /** Alpharun's profile of the contact, which fills what Ctrl-Hub leaves empty. */
  alpharun(contact: ContactNode): MaybePromise<AlpharunContact | null>;
  account(contact: ContactNode): MaybePromise<AccountNode | string | null>;
  /** The properties of the contact's account. */
  properties(contact: ContactNode): Promise<PropertyResource[]>;
  /** A page of the Alpharun interactions of the contact's account; empty when Alpharun does not know the contact. */
  customerInteractions(contact: ContactNode, cursor: string | null, limit: number): Promise<ContactInteractionsPage>;
}

export interface AccountData extends NodeData<AccountNode> {
  ctrlhub(account: AccountNode): MaybePromise<AccountResource | null>;
  /** Known when reached through Alpharun, else read from the account's first Alpharun interaction. */
  alpharunId(account: AccountNode): MaybePromise<string | null>;
  /** The contacts the account's relationship names. */
  contacts(account: AccountNode): MaybePromise<ContactNode[]>;
  /** The account's properties; ones Ctrl-Hub cannot find are left out. */
  properties(account: AccountNode): Promise<PropertyResource[]>;
  /** A page of the account's Alpharun interactions, read through the first of its contacts Alpharun knows. */
  customerInteractions(account: AccountNode, cursor: string | null, limit: number): Promise<ContactInteractionsPage>;
}

/** Whose Ctrl-Hub interactions: the organisation's narrowed by a filter, or one parent's (none without a Ctrl-Hub id). */
export type InteractionScope = { filter: InteractionFilterKeys } | { parent: InteractionParent; id: string | null };

/** A filter in node keys: Contact and Account keys of nodes only Alpharun knows match nothing in Ctrl-Hub. */
export interface InteractionFilterKeys {
  ids?: string[] | undefined;
  accountIds?: string[] | undefined;
  contactIds?: string[] | undefined;
  propertyIds?: string[] | undefined;
  representativeIds?: string[] | undefined;
}

/** Reads and the documented writes (`interaction-writes.ts`): after a write, nothing this request holds is from before it. */
export interface CtrlHubInteractionData extends InteractionWrites {
  load(ids: readonly string[]): Promise<readonly (InteractionResource | null | Error)[]>;
  list(scope: InteractionScope, range: OffsetRange, options: InteractionListOptions): Promise<OffsetSlice<InteractionResource>>;
}

export interface AlpharunInteractionData {
  load(ids: readonly string[]): Promise<readonly (AlpharunInteraction | null | Error)[]>;
  /** The interaction's account: the Ctrl-Hub account its `ext_id` names, or one only Alpharun knows. */
  account(interaction: AlpharunInteraction): AccountNode | null;
  contacts(interaction: AlpharunInteraction): ContactNode[];
}

/** How the per-request readers are made; the benchmark's naive baseline hands in its own (`bench/`). */
export interface LoaderFactories {
  ctrlhub(client: CtrlHubClient, options: CtrlHubResourcesOptions): CtrlHubResources;
  interactionLists(client: CtrlHubClient, resources: CtrlHubResources, options: InteractionListsOptions): InteractionLists;
}

export const batchedLoaders: LoaderFactories = { ctrlhub: createCtrlHubResources, interactionLists: createInteractionLists };

export interface LoaderOptions {
  /** Stops this request's upstream calls (request deadline, client gone). */
  signal: AbortSignal;
  maxFilterChars: number;
  alpharunConcurrency: number;
  alpharunProfilePageLimit: number;
  onCount?: (strategy: CountStrategy, requests: number, parents: number) => void;
  /** Told the size of every loader batch (metrics). */
  onBatch?: BatchObserver;
  /** Told after each write (response cache invalidation); awaited before the write returns. */
  onWrite?: () => Promise<void>;
  factories?: LoaderFactories;
}

const EMPTY_PAGE: ContactInteractionsPage = { interactions: [], nextCursor: null };

/**
 * The longest filter a client's `interactions(filter:)` may make, as sent (or `CTRLHUB_MAX_FILTER_CHARS`
 * when that is larger). Unlike a batch of the gateway's own, it cannot be split: 7 KiB keeps its request
 * line under the 8 KiB limit common in front of APIs, and fits 150 UUIDs.
 */
const CLIENT_FILTER_CHARS = 7 * 1024;

const distinct = (ids: string[] | undefined) => (ids ? [...new Set(ids)] : ids);

/**
 * The Ctrl-Hub filters a client's filter sends: each id once, and no Contact or Account key of a node
 * only Alpharun knows (it has no Ctrl-Hub interactions). Two filters that send the same are one list.
 */
export function ctrlhubFilters(filter: InteractionFilterKeys): InteractionFilters {
  return {
    ids: distinct(filter.ids),
    accountIds: distinct(ctrlHubIdsOf(filter.accountIds)),
    contactIds: distinct(ctrlHubIdsOf(filter.contactIds)),
    propertyIds: distinct(filter.propertyIds),
    representativeIds: distinct(filter.representativeIds),
  };
}
const EMPTY_SLICE: OffsetSlice<never> = { items: [], total: 0, hasMore: false };

export function createLoaders(upstreams: UpstreamClients, options: LoaderOptions): Loaders {
  const factories = options.factories ?? batchedLoaders;
  const resources = factories.ctrlhub(upstreams.ctrlhub, options);
  const lists = factories.interactionLists(upstreams.ctrlhub, resources, options);
  const alpharun = createAlpharunLoaders(upstreams.alpharun, {
    signal: options.signal,
    concurrency: options.alpharunConcurrency,
    profilePageLimit: options.alpharunProfilePageLimit,
    onBatch: options.onBatch,
  });
  const { held } = resources;

  /** Held, else loaded: the record at once when a list answer brought it. */
  const heldElseLoad = <T>(store: ReadonlyMap<string, T>, read: { load(id: string): Promise<T | null> }, id: string | null) =>
    id ? (store.get(id) ?? read.load(id)) : null;

  const contactCtrlhub = (contact: ContactNode) => heldElseLoad(held.contacts, resources.contacts, contact.ctrlHubId);
  const accountCtrlhub = (account: AccountNode) => heldElseLoad(held.accounts, resources.accounts, account.ctrlHubId);

  async function propertiesOf(accountId: string | null | undefined): Promise<PropertyResource[]> {
    const account = accountId ? await resources.accounts.load(accountId) : null;
    const ids = (account?.relationships?.properties?.data ?? []).map((property) => property.id);
    const loaded = await resources.properties.loadMany(ids);
    // A property that could not be read fails the list: leaving it out would pass for "no such property".
    const failed = loaded.find((property) => property instanceof Error);
    if (failed) throw failed;
    return loaded.filter((property): property is PropertyResource => property !== null);
  }

  async function accountInteractions(account: AccountNode, cursor: string | null, limit: number): Promise<ContactInteractionsPage | null> {
    // Alpharun lists an account's interactions through any one of its contacts; contacts it does not know are skipped.
    const resource = account.ctrlHubId ? await resources.accounts.load(account.ctrlHubId) : null;
    const ctrlhubContacts = (resource?.relationships?.contacts?.data ?? []).map((contact): AlpharunContactRef => ({ extId: contact.id }));
    for (const contact of [...account.alpharunContacts, ...ctrlhubContacts]) {
      const page = await alpharun.page(contact, cursor, limit);
      if (page) return page;
    }
    return null;
  }

  const contacts: ContactData = {
    load: (keys) =>
      settleEach(keys, async (key): Promise<ContactNode | null> => {
        const parsed = parseContactKey(key);
        if ('ctrlHubId' in parsed) return (await resources.contacts.load(parsed.ctrlHubId)) ? contactFromCtrlHub(parsed.ctrlHubId) : null;
        const profile = await alpharun.profile({ id: parsed.alpharunId });
        return profile ? contactFromAlpharun(profile) : null;
      }),
    related: (id) => (id ? (held.contacts.has(id) ? contactFromCtrlHub(id) : id) : null),
    ctrlhub: contactCtrlhub,
    alpharun(contact) {
      if (contact.alpharun !== undefined) return contact.alpharun;
      const address = alpharunAddressOf(contact);
      return address ? alpharun.profile(address) : null;
    },
    account: (contact) =>
      whenReady(contactCtrlhub(contact), (resource) => accounts.related(resource?.relationships?.accounts?.data?.[0]?.id)),
    properties: async (contact) => propertiesOf((await contactCtrlhub(contact))?.relationships?.accounts?.data?.[0]?.id),
    async customerInteractions(contact, cursor, limit) {
      const address = alpharunAddressOf(contact);
      return (address ? await alpharun.page(address, cursor, limit) : null) ?? EMPTY_PAGE;
    },
  };

  const accounts: AccountData = {
    load: (keys) =>
      settleEach(keys, async (key): Promise<AccountNode | null> => {
        const parsed = parseAccountKey(key);
        // Alpharun has no read of an account: one only it knows exists when its contact's interactions
        // say so. A key naming no contact (its interaction listed none) cannot be checked: any made-up
        // id would pass, so it is not answered.
        if ('node' in parsed) {
          const { node } = parsed;
          if (node.alpharunContacts.length === 0) return null;
          return (await accountInteractions(node, null, 1))?.interactions[0]?.account?.id === node.alpharunId ? node : null;
        }
        return (await resources.accounts.load(parsed.ctrlHubId)) ? accountFromCtrlHub(parsed.ctrlHubId) : null;
      }),
    related: (id) => (id ? (held.accounts.has(id) ? accountFromCtrlHub(id) : id) : null),
    ctrlhub: accountCtrlhub,
    alpharunId: (account) =>
      account.alpharunId ?? accountInteractions(account, null, 1).then((page) => page?.interactions[0]?.account?.id ?? null),
    // The contacts the account's relationship names, each kept by that id (`upstreams/ctrlhub.md`: keep
    // the `{id, type}`): reading every one to leave out any Ctrl-Hub no longer has cost a request each.
    contacts: (account) =>
      whenReady(accountCtrlhub(account), (resource) =>
        (resource?.relationships?.contacts?.data ?? []).map((contact) => contactFromCtrlHub(contact.id)),
      ),
    properties: (account) => propertiesOf(account.ctrlHubId),
    customerInteractions: async (account, cursor, limit) => (await accountInteractions(account, cursor, limit)) ?? EMPTY_PAGE,
  };

  /** The record held, else read; one that no read finds is the record of that id and type alone. */
  const related =
    <T extends { id: string; type: string }>(store: ReadonlyMap<string, T>, read: { load(id: string): Promise<T | null> }, type: string) =>
    (id: string | null | undefined): MaybePromise<T> | null =>
      id ? (store.get(id) ?? read.load(id).then((record) => record ?? ({ id, type } as T))) : null;

  return {
    contacts,
    accounts,
    properties: {
      load: (ids) => resources.properties.loadMany(ids),
      related: related(held.properties, resources.properties, 'properties'),
    },
    representatives: { load: (ids) => resources.users.loadMany(ids), related: related(held.users, resources.users, 'users') },
    ctrlhubInteractions: {
      ...createInteractionWrites(upstreams.ctrlhub, resources, lists, { signal: options.signal, onWrite: options.onWrite }),
      load: (ids) => resources.interactions.loadMany(ids),
      async list(scope, range, listOptions) {
        if ('parent' in scope) return scope.id ? lists.range({ parent: scope.parent, id: scope.id }, range, listOptions) : EMPTY_SLICE;
        const { filter } = scope;
        const filters = ctrlhubFilters(filter);
        // One offset list cannot be read as several and merged: a filter too long for one request is the client's to narrow.
        const expression = buildFilterExpression(filters);
        const chars = expression === undefined ? 0 : encodedLength(expression);
        const most = Math.max(options.maxFilterChars, CLIENT_FILTER_CHARS);
        if (chars > most) {
          throw badUserInput(
            `\`filter\` names too many ids: its Ctrl-Hub filter would be ${chars} characters, at most ${most}; ask for fewer at a time`,
            'filter',
          );
        }
        return lists.range({ filters }, range, listOptions);
      },
    },
    alpharunInteractions: {
      load: (ids) => alpharun.interactions.loadMany(ids),
      account: accountOfAlpharunInteraction,
      contacts: (interaction) => (interaction.contacts ?? []).map(contactFromAlpharun),
    },
    release() {
      resources.release();
      alpharun.release();
      lists.forget();
    },
  };
}
