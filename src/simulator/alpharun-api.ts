import type { AlpharunContact, AlpharunInteraction } from '../upstream/alpharun/types.js';
import type { Dataset } from './dataset.js';
import type { SimRequest, SimResponse } from './http-types.js';
import type { ContractLatitude } from './latitude.js';

const DEFAULT_LIMIT = 20;
const EXT_ID_PREFIX = 'alt:ext_id:';

/**
 * The Alpharun endpoints of `upstreams/alpharun.md`, over the seeded dataset. Cursors are opaque and
 * scoped to one list, or positions alone with `latitude.positionalCursors`.
 */
export function createAlpharunApi(data: Dataset, apiToken: string, latitude: ContractLatitude = {}) {
  const encodeCursor = latitude.positionalCursors ? (_scope: string, offset: number) => String(offset) : encodeScopedCursor;
  const decodeCursor = latitude.positionalCursors ? decodePositionalCursor : decodeScopedCursor;
  const endCursor = latitude.emptyEndCursor ? '' : null;
  const { alpharun } = data;
  const byId = new Map(alpharun.contacts.map((contact) => [contact.id, contact]));
  const byExtId = new Map(alpharun.contacts.filter((contact) => contact.ext_id).map((contact) => [contact.ext_id as string, contact]));
  const interactionsById = new Map<string, AlpharunInteraction>();
  for (const list of alpharun.interactionsByAccount.values())
    for (const interaction of list) interactionsById.set(interaction.id, interaction);

  function page<T>(items: T[], query: URLSearchParams, scope: string): SimResponse | { slice: T[]; nextCursor: string | null } {
    const rawLimit = query.get('limit');
    const limit = rawLimit === null ? DEFAULT_LIMIT : /^\d+$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!(limit >= 1 && limit <= 100)) return error(400, 'limit must be between 1 and 100');
    let offset = 0;
    const cursor = query.get('cursor');
    if (cursor) {
      const decoded = decodeCursor(cursor);
      if (!decoded || (decoded.scope !== undefined && decoded.scope !== scope)) return error(400, 'invalid cursor');
      offset = decoded.offset;
    }
    const end = offset + limit;
    return { slice: items.slice(offset, end), nextCursor: end < items.length ? encodeCursor(scope, end) : endCursor };
  }

  return function handle(request: SimRequest): SimResponse {
    if (request.headers.authorization !== `Bearer ${apiToken}`) return error(401, 'Unauthorized');
    const contactMatch = /^\/api\/v1\/contacts\/(.+)\/customer-interactions$/.exec(request.path);
    if (contactMatch) {
      const contactId = contactMatch[1] ?? '';
      const contact = contactId.startsWith(EXT_ID_PREFIX) ? byExtId.get(contactId.slice(EXT_ID_PREFIX.length)) : byId.get(contactId);
      if (!contact) return error(404, 'Contact not found');
      const accountId = alpharun.accountOfContact.get(contact.id) ?? '';
      const result = page(alpharun.interactionsByAccount.get(accountId) ?? [], request.query, accountId);
      if ('status' in result) return result;
      return { status: 200, body: { data: { customer_interactions: result.slice }, next_cursor: result.nextCursor } };
    }
    const interactionMatch = /^\/api\/v1\/customer-interactions\/([^/]+)$/.exec(request.path);
    if (interactionMatch) {
      const interaction = interactionsById.get(interactionMatch[1] ?? '');
      return interaction
        ? { status: 200, body: { data: { customer_interaction: interaction } } }
        : error(404, 'Customer interaction not found');
    }
    if (request.path === '/api/v1/contacts') {
      const result = page(alpharun.contacts, request.query, 'contacts');
      if ('status' in result) return result;
      return { status: 200, body: { data: { contacts: result.slice.map(asListedContact) }, next_cursor: result.nextCursor } };
    }
    return error(404, 'Not found');
  };
}

/** `GET /contacts` names custom fields `display_name` rather than `name`. */
function asListedContact(contact: AlpharunContact): AlpharunContact {
  return {
    ...contact,
    custom_fields: (contact.custom_fields ?? []).map(({ name, ...field }) => ({ ...field, display_name: name ?? field.key })),
  };
}

function encodeScopedCursor(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset })).toString('base64url');
}

function decodePositionalCursor(cursor: string): { scope?: string; offset: number } | undefined {
  return /^\d+$/.test(cursor) ? { offset: Number(cursor) } : undefined;
}

function decodeScopedCursor(cursor: string): { scope?: string; offset: number } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; o?: unknown };
    return typeof parsed.s === 'string' && typeof parsed.o === 'number' ? { scope: parsed.s, offset: parsed.o } : undefined;
  } catch {
    return undefined;
  }
}

function error(status: number, message: string): SimResponse {
  return { status, body: { error: message } };
}
