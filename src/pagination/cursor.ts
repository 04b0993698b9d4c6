import { createHash } from 'node:crypto';
import { badUserInput } from '../errors/index.js';

/**
 * Opaque connection cursors: base64url of a small versioned JSON object. The kind tag makes a
 * cursor from another sort of connection a clear client error rather than a wrong page, and the
 * list tag one from another list of the same sort: an offset or an upstream cursor means nothing
 * outside the list it came from (an upstream is free to make its cursors positions alone), so
 * another contact's cursor would have skipped this contact's first items without a word.
 */
const VERSION = 1;

/**
 * A short digest of the list a connection reads (its field, and the parent or filter it reads it
 * for), carried in the connection's cursors. It guards against mistakes, not forgers: a client can
 * read any list from its start anyway.
 */
export function listTag(list: string): string {
  return createHash('sha256').update(list).digest('base64url').slice(0, 8);
}

/** Position in an offset-paginated list (Ctrl-Hub): the edge's absolute offset. */
export interface OffsetPosition {
  offset: number;
}

/** Position in a cursor-paginated list (Alpharun): replay page `cursor` of size `limit`, skip `skip`. */
export interface UpstreamCursorPosition {
  cursor: string | null;
  limit: number;
  skip: number;
}

/**
 * `list`: the `listTag` of the list the edge belongs to. Without one (the edge a mutation returns,
 * which goes into whichever lists the client holds), any list of that sort accepts the cursor.
 */
export function encodeOffsetCursor({ offset }: OffsetPosition, list?: string): string {
  return encode({ v: VERSION, k: 'o', o: offset, ...(list === undefined ? {} : { t: list }) });
}

export function encodeUpstreamCursor({ cursor, limit, skip }: UpstreamCursorPosition, list: string): string {
  return encode({ v: VERSION, k: 'u', c: cursor, l: limit, s: skip, t: list });
}

export function decodeOffsetCursor(value: string, argument: string, list: string): OffsetPosition {
  const payload = decode(value, argument, 'o', list);
  if (!isCount(payload.o)) throw malformed(argument);
  return { offset: payload.o };
}

/** `maxLimit`: the largest page this connection asks of its upstream, so no edge of it has a larger one. */
export function decodeUpstreamCursor(value: string, argument: string, list: string, maxLimit: number): UpstreamCursorPosition {
  const payload = decode(value, argument, 'u', list);
  const { c, l, s } = payload;
  // No edge is given an empty upstream cursor (the client reads `""` as the end of the list).
  if (!(c === null || (typeof c === 'string' && c !== '')) || !isCount(l) || l < 1 || l > maxLimit || !isCount(s))
    throw malformed(argument);
  return { cursor: c, limit: l, skip: s };
}

function encode(payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decode(value: string, argument: string, kind: string, list: string): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw malformed(argument);
  }
  if (!payload || typeof payload !== 'object' || (payload as { v?: unknown }).v !== VERSION) throw malformed(argument);
  if ((payload as { k?: unknown }).k !== kind) {
    throw badUserInput(
      `\`${argument}\` is a cursor from a different kind of connection; use a cursor returned by this connection`,
      argument,
    );
  }
  const { t } = payload as { t?: unknown };
  if (t !== undefined && t !== list) {
    throw badUserInput(
      `\`${argument}\` is a cursor of another list (another parent or filter); use a cursor returned by this connection`,
      argument,
    );
  }
  return payload as Record<string, unknown>;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function malformed(argument: string) {
  return badUserInput(`\`${argument}\` is not a valid cursor; pass an edge's \`cursor\` or a pageInfo cursor unchanged`, argument);
}
