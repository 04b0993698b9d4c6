import type { GetOptions, UpstreamHttp } from '../http/client.js';
import { UpstreamProtocolError, UpstreamRequestError } from '../http/errors.js';
import { pathSegment } from '../http/path-segment.js';
import {
  ALPHARUN_MAX_LIMIT,
  type AlpharunContact,
  type AlpharunContactRef,
  type AlpharunInteraction,
  type ContactInteractionsPage,
  type ContactInteractionsParams,
  type ContactsPage,
} from './types.js';

export interface AlpharunClient {
  /** The interactions of the contact's account; throws `UpstreamHttpError` 404 for an unknown contact. */
  listContactInteractions(params: ContactInteractionsParams, options?: GetOptions): Promise<ContactInteractionsPage>;
  /** One interaction by its Alpharun id; an unknown id is an `UpstreamHttpError` 404. */
  getInteraction(id: string, options?: GetOptions): Promise<AlpharunInteraction>;
  listContacts(params: { limit?: number; cursor?: string | null }, options?: GetOptions): Promise<ContactsPage>;
}

/** The `CONTACT_ID` path segment. `:` is a legal path character, so it stays readable; all else is encoded. */
export function contactPathSegment(contact: AlpharunContactRef): string {
  const raw = 'id' in contact ? contact.id : `alt:ext_id:${contact.extId}`;
  return pathSegment('alpharun', raw).replace(/%3A/gi, ':');
}

/** `headers` are sent with every call of this client (a caller's own token), over the pool's. */
export function createAlpharunClient(upstream: UpstreamHttp, headers?: Record<string, string>): AlpharunClient {
  const http = {
    getJson: (path: string, query: URLSearchParams | undefined, options?: GetOptions) =>
      upstream.getJson(path, query, headers ? { ...options, headers } : options),
  };
  function pageQuery(limit: number | undefined, cursor: string | null | undefined): URLSearchParams {
    const query = new URLSearchParams();
    if (limit !== undefined) {
      if (!Number.isInteger(limit) || limit < 1 || limit > ALPHARUN_MAX_LIMIT) {
        throw new UpstreamRequestError('alpharun', `limit must be an integer from 1 to ${ALPHARUN_MAX_LIMIT}, got ${limit}`);
      }
      query.set('limit', String(limit));
    }
    if (cursor !== null && cursor !== undefined) query.set('cursor', cursor);
    return query;
  }

  return {
    async listContactInteractions({ contact, limit, cursor }, options) {
      const query = pageQuery(limit, cursor);
      const body = await http.getJson(`/contacts/${contactPathSegment(contact)}/customer-interactions`, query, options);
      const data = objectField(body, 'data');
      return {
        interactions: arrayField(data, 'customer_interactions').map(readInteraction),
        nextCursor: readCursor(body),
      };
    },

    async getInteraction(id, options) {
      const body = await http.getJson(`/customer-interactions/${pathSegment('alpharun', id)}`, undefined, options);
      return readInteraction(objectField(objectField(body, 'data'), 'customer_interaction'));
    },

    async listContacts({ limit, cursor }, options) {
      const body = await http.getJson('/contacts', pageQuery(limit, cursor), options);
      return {
        contacts: arrayField(objectField(body, 'data'), 'contacts').map((item) => readWithId<AlpharunContact>(item, 'contact')),
        nextCursor: readCursor(body),
      };
    },
  };
}

function objectField(value: unknown, key: string): unknown {
  const field = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (!field || typeof field !== 'object') throw new UpstreamProtocolError('alpharun', `response without ${key}`);
  return field;
}

function arrayField(value: unknown, key: string): unknown[] {
  const field = (value as Record<string, unknown>)[key];
  if (!Array.isArray(field)) throw new UpstreamProtocolError('alpharun', `${key} is not a list`);
  return field;
}

function readWithId<T extends { id: string }>(value: unknown, what: string): T {
  if (!value || typeof value !== 'object' || typeof (value as { id?: unknown }).id !== 'string') {
    throw new UpstreamProtocolError('alpharun', `${what} without an id`);
  }
  return value as T;
}

function readInteraction(value: unknown): AlpharunInteraction {
  const interaction = readWithId<AlpharunInteraction>(value, 'customer interaction');
  for (const contact of interaction.contacts ?? []) readWithId<AlpharunContact>(contact, 'contact');
  return interaction;
}

/**
 * The next page's cursor, or `null` at the end. An empty string is read as the end too: it names no
 * page (APIs that end their lists with `""` exist), and sent back it would be dropped or read as the
 * first page again, repeating every item for ever.
 */
function readCursor(body: unknown): string | null {
  const cursor = (body as { next_cursor?: unknown }).next_cursor;
  if (cursor === undefined || cursor === null || cursor === '') return null;
  if (typeof cursor !== 'string') throw new UpstreamProtocolError('alpharun', 'next_cursor is not a string');
  return cursor;
}
