import type { GetOptions, UpstreamHttp, WriteMethod } from '../http/client.js';
import { UpstreamProtocolError } from '../http/errors.js';
import { pathSegment } from '../http/path-segment.js';
import { buildFilterExpression, matchesNothing } from './filter.js';
import type {
  AccountResource,
  ContactResource,
  IncludedResource,
  InteractionFilters,
  InteractionResource,
  InteractionsPage,
  ListInteractionsParams,
} from './types.js';
import {
  createInteractionBody,
  JSON_API_MEDIA_TYPE,
  relinkBody,
  updateInteractionBody,
  writtenInteraction,
  type InteractionChanges,
  type LinkName,
  type NewInteraction,
} from './writes.js';

export interface CtrlHubClient {
  /** One upstream page of `GET /orgs/{org}/customers/interactions`. */
  listInteractions(params: ListInteractionsParams, options?: GetOptions): Promise<InteractionsPage>;
  /** `count` items from `offset`, fetched as concurrent pages of at most `pageLimit`. */
  listInteractionRange(
    params: Omit<ListInteractionsParams, 'limit'> & { offset: number; count: number },
    options?: GetOptions,
  ): Promise<InteractionsPage>;
  /** By-id reads; an unknown id is an `UpstreamHttpError` 404, as the API answers it. */
  getContact(id: string, options?: GetOptions): Promise<ContactResource>;
  getAccount(id: string, options?: GetOptions): Promise<AccountResource>;
  /** `POST …/customers/interactions`: sent once, never retried; the created interaction. */
  createInteraction(interaction: NewInteraction, options?: GetOptions): Promise<InteractionResource>;
  /** `PUT …/customers/interactions/{id}`: the interaction as it now is, or `null` when the answer carried none. */
  updateInteraction(id: string, changes: InteractionChanges, options?: GetOptions): Promise<InteractionResource | null>;
  /** `PATCH …/customers/interactions/{id}/relationships/{link}`: accepts a 200 document or a 204. */
  relinkInteraction(id: string, link: LinkName, relatedId: string, options?: GetOptions): Promise<void>;
  readonly pageLimit: number;
}

export interface CtrlHubClientOptions {
  orgId: string;
  /** Sent with every call of this client (a caller's own session token), over the pool's. */
  headers?: Record<string, string>;
  /** Most items asked for in one request; the contract documents no maximum. */
  pageLimit: number;
}

export function createCtrlHubClient(upstream: UpstreamHttp, { orgId, pageLimit, headers }: CtrlHubClientOptions): CtrlHubClient {
  const orgPath = `/orgs/${pathSegment('ctrlhub', orgId)}/customers`;
  const http = {
    getJson: (path: string, query: URLSearchParams | undefined, options?: GetOptions) =>
      upstream.getJson(path, query, headers ? { ...options, headers } : options),
    sendJson: (method: WriteMethod, path: string, body: unknown, options?: GetOptions) =>
      upstream.sendJson(method, path, body, { ...options, ...(headers ? { headers } : {}), mediaType: JSON_API_MEDIA_TYPE }),
  };
  // Called inside each async write, so an id refused as a path segment rejects like any failed write.
  const interactionPath = (id: string) => `${orgPath}/interactions/${pathSegment('ctrlhub', id)}`;

  async function listInteractions(params: ListInteractionsParams, options?: GetOptions): Promise<InteractionsPage> {
    if (matchesNothing(params.filters)) return { interactions: [], included: [], total: 0, nextOffset: null };
    const query = new URLSearchParams();
    if (params.include?.length) query.set('include', [...new Set(params.include)].sort().join(','));
    const filter = buildFilterExpression(params.filters);
    if (filter) query.set('filter', filter);
    if (params.limit !== undefined) query.set('limit', String(params.limit));
    if (params.offset !== undefined) query.set('offset', String(params.offset));
    const body = await http.getJson(`${orgPath}/interactions`, query, { ...options, batchSize: idsNamed(params.filters) });
    return readInteractionsPage(body);
  }

  async function listInteractionRange(
    { offset, count, ...params }: Omit<ListInteractionsParams, 'limit'> & { offset: number; count: number },
    options?: GetOptions,
  ): Promise<InteractionsPage> {
    // A count of 0 still reads one item: the answer's meta says how long the list is.
    const end = offset + Math.max(count, 1);
    const starts: number[] = [];
    for (let start = offset; start < end; start += pageLimit) starts.push(start);
    const pages = await Promise.all(
      starts.map((start) => listInteractions({ ...params, offset: start, limit: Math.min(pageLimit, end - start) }, options)),
    );
    return mergePages(pages, count);
  }

  // The path is built inside the call, so an id refused as a path segment rejects like any failed read.
  async function getById<T>(path: () => string, options: GetOptions | undefined, read: (data: unknown) => T): Promise<T> {
    return read(documentData(await http.getJson(path(), undefined, options)));
  }

  return {
    pageLimit,
    listInteractions,
    listInteractionRange,
    createInteraction: async (interaction, options) =>
      writtenInteraction(await http.sendJson('POST', `${orgPath}/interactions`, createInteractionBody(interaction), options), 'POST'),
    updateInteraction: async (id, changes, options) => {
      const body = await http.sendJson('PUT', interactionPath(id), updateInteractionBody(id, changes), options);
      return body === undefined ? null : writtenInteraction(body, 'PUT');
    },
    relinkInteraction: async (id, link, relatedId, options) => {
      await http.sendJson('PATCH', `${interactionPath(id)}/relationships/${link}`, relinkBody(link, relatedId), options);
    },
    getContact: (id, options) =>
      getById(
        () => `${orgPath}/contacts/${pathSegment('ctrlhub', id)}`,
        options,
        (data) => readResource<ContactResource>(data),
      ),
    getAccount: (id, options) =>
      getById(
        () => `${orgPath}/accounts/${pathSegment('ctrlhub', id)}`,
        options,
        (data) => readResource<AccountResource>(data),
      ),
  };
}

/** Pages fetched side by side become one: items in order, each included resource once. */
function mergePages(pages: InteractionsPage[], count: number): InteractionsPage {
  if (pages.length === 1 && pages[0]) return pages[0];
  const seen = new Set<string>();
  const included: IncludedResource[] = [];
  for (const resource of pages.flatMap((page) => page.included)) {
    const key = `${resource.type}\u0000${resource.id}`;
    if (!seen.has(key)) {
      seen.add(key);
      included.push(resource);
    }
  }
  const last = pages[pages.length - 1];
  return {
    interactions: pages.flatMap((page) => page.interactions).slice(0, count),
    included,
    total: pages[0]?.total,
    nextOffset: last?.nextOffset,
  };
}

function documentData(body: unknown): unknown {
  if (!body || typeof body !== 'object' || !('data' in body)) throw new UpstreamProtocolError('ctrlhub', 'document without data');
  return body.data;
}

function readResource<T extends { id: string; type: string }>(data: unknown): T {
  if (
    !data ||
    typeof data !== 'object' ||
    typeof (data as { id?: unknown }).id !== 'string' ||
    typeof (data as { type?: unknown }).type !== 'string'
  ) {
    throw new UpstreamProtocolError('ctrlhub', 'resource without id or type');
  }
  return data as T;
}

function readInteractionsPage(body: unknown): InteractionsPage {
  const data = documentData(body);
  if (!Array.isArray(data)) throw new UpstreamProtocolError('ctrlhub', 'list document whose data is not an array');
  const document = body as {
    included?: unknown;
    meta?: { pagination?: { counts?: { resources?: unknown }; offsets?: { next?: unknown } } };
  };
  const included = Array.isArray(document.included) ? document.included.map((item) => readResource<IncludedResource>(item)) : [];
  const total = document.meta?.pagination?.counts?.resources;
  const next = document.meta?.pagination?.offsets?.next;
  return {
    interactions: data.map((item) => readResource<InteractionResource>(item)),
    included,
    total: typeof total === 'number' ? total : undefined,
    nextOffset: typeof next === 'number' ? next : next === null ? null : undefined,
  };
}

/** The records a filtered list asks for at once: its batch size, as observers see it (1 when unfiltered). */
function idsNamed(filters: InteractionFilters | undefined): number {
  const lists: (readonly string[] | undefined)[] = Object.values(filters ?? {});
  return Math.max(
    lists.reduce((sum, ids) => sum + (ids?.length ?? 0), 0),
    1,
  );
}
