import { badUserInput } from '../errors/index.js';

/**
 * Relay global ids: base64url of `Type:localId`. Opaque to clients, tagged with the type so that
 * `node(id:)` knows where to look, and stable because the local id is the upstream's own.
 */
export const NODE_TYPES = ['Account', 'AlpharunInteraction', 'Contact', 'CtrlHubInteraction', 'Property', 'Representative'] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${String(id)}`).toString('base64url');
}

/** The type and local id inside a global id, or `undefined` when the value is not one of ours. */
export function tryDecodeGlobalId(value: string): { typename: NodeTypeName; id: string } | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator) as NodeTypeName;
  if (separator <= 0 || !NODE_TYPES.includes(typename) || separator === decoded.length - 1) return undefined;
  return { typename, id: decoded.slice(separator + 1) };
}

export function decodeGlobalId(value: string): { typename: NodeTypeName; id: string } {
  const decoded = tryDecodeGlobalId(value);
  if (!decoded) throw badUserInput(`"${value.slice(0, 80)}" is not a global id; pass the \`id\` field of a node`, 'id');
  return decoded;
}

/**
 * An `ID` argument of a typed field accepts a global id of that type or a raw upstream id.
 * A global id of another type is a client mistake, not a miss.
 */
export function localIdOf(value: string, expected: NodeTypeName, argument = 'id'): string {
  if (!isWellFormedText(value)) throw badUserInput(`\`${argument}\` is not well-formed Unicode text, so it cannot be an id`, argument);
  const decoded = tryDecodeGlobalId(value);
  if (!decoded) return value;
  if (decoded.typename !== expected) {
    throw badUserInput(`\`${argument}\` is the global id of a ${decoded.typename}, but a ${expected} id is expected here`, argument);
  }
  return decoded.id;
}

/** Text without lone UTF-16 surrogates: anything else cannot be put in a URL, so it names no upstream record. */
export function isWellFormedText(value: string): boolean {
  return !/\p{Cs}/u.test(value);
}
