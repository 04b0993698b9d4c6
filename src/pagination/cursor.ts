import { badUserInput } from '../errors/index.js';

/**
 * Opaque connection cursors: base64url of a small versioned JSON object. The kind tag makes a
 * cursor from another sort of connection a clear client error rather than a wrong page.
 */
const VERSION = 1;

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

export function encodeOffsetCursor({ offset }: OffsetPosition): string {
  return encode({ v: VERSION, k: 'o', o: offset });
}

export function encodeUpstreamCursor({ cursor, limit, skip }: UpstreamCursorPosition): string {
  return encode({ v: VERSION, k: 'u', c: cursor, l: limit, s: skip });
}

export function decodeOffsetCursor(value: string, argument: string): OffsetPosition {
  const payload = decode(value, argument, 'o');
  if (!isCount(payload.o)) throw malformed(argument);
  return { offset: payload.o };
}

export function decodeUpstreamCursor(value: string, argument: string): UpstreamCursorPosition {
  const payload = decode(value, argument, 'u');
  const { c, l, s } = payload;
  if (!(c === null || typeof c === 'string') || !isCount(l) || l < 1 || !isCount(s)) throw malformed(argument);
  return { cursor: c, limit: l, skip: s };
}

function encode(payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decode(value: string, argument: string, kind: string): Record<string, unknown> {
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
  return payload as Record<string, unknown>;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function malformed(argument: string) {
  return badUserInput(`\`${argument}\` is not a valid cursor; pass an edge's \`cursor\` or a pageInfo cursor unchanged`, argument);
}
