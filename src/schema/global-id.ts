import { badUserInput } from '../errors/index.js';

/**
 * Relay global ids: base64url of `Type:localId`. Opaque to clients, tagged with the type so that
 * `node(id:)` knows where to look, and stable because the local id is the upstream's own.
 */
export const NODE_TYPES = ['Account', 'AlpharunInteraction', 'Contact', 'CtrlHubInteraction', 'Property', 'Representative'] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

/**
 * Ids already encoded, by type then local id. A page of 100 interactions with their relations answers
 * about 500 ids, nearly all of them met by the requests before it, and each encoding costs a buffer
 * and a base64 pass: a lookup is a sixth of that. Bounded per type (and to ids of a usual length),
 * and emptied rather than evicted when full: a workload wider than the bound pays one lookup more per
 * id, never more memory.
 */
const encoded = new Map<string, Map<string, string>>();
export const ENCODED_IDS_PER_TYPE = 2048;
const LONGEST_REMEMBERED_ID = 128;

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  const local = String(id);
  if (local.length > LONGEST_REMEMBERED_ID) return encode(typename, local);
  let byId = encoded.get(typename);
  if (!byId) {
    byId = new Map();
    encoded.set(typename, byId);
  }
  let globalId = byId.get(local);
  if (globalId === undefined) {
    globalId = encode(typename, local);
    if (byId.size >= ENCODED_IDS_PER_TYPE) byId.clear();
    byId.set(local, globalId);
  }
  return globalId;
}

const encode = (typename: string, local: string) => Buffer.from(`${typename}:${local}`).toString('base64url');

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
  const problem = idTextProblem(value);
  if (problem) throw badUserInput(`\`id\` ${problem}`, 'id');
  const decoded = tryDecodeGlobalId(value);
  if (!decoded) throw badUserInput(`"${value.slice(0, 80)}" is not a global id; pass the \`id\` field of a node`, 'id');
  return decoded;
}

/**
 * An `ID` argument of a typed field accepts a global id of that type or a raw upstream id.
 * A global id of another type is a client mistake, not a miss.
 */
export function localIdOf(value: string, expected: NodeTypeName, argument = 'id'): string {
  const problem = idTextProblem(value);
  if (problem) throw badUserInput(`\`${argument}\` ${problem}`, argument);
  const decoded = tryDecodeGlobalId(value);
  if (!decoded) return value;
  if (decoded.typename !== expected) {
    throw badUserInput(
      `\`${argument}\` is the global id of ${withArticle(decoded.typename)}, but ${withArticle(expected)} id is expected here`,
      argument,
    );
  }
  return decoded.id;
}

/** `an Account`, `a Contact`: type names as a sentence reads them. */
const withArticle = (typename: string) => `${/^[AEIOU]/.test(typename) ? 'an' : 'a'} ${typename}`;

/**
 * Longest id text accepted: a global id of a UUID is about 80 characters. Longer text names no
 * upstream record; sent on, it would make request lines the upstream refuses (HTTP 414/431) with our
 * credentials, and come back as an upstream failure instead of the client's mistake.
 */
export const MAX_ID_LENGTH = 512;

/** Why `value` cannot be an id (ends a sentence whose subject is the argument), or `undefined` when it can be. */
export function idTextProblem(value: string): string | undefined {
  if (value.length > MAX_ID_LENGTH) return `is longer than ${MAX_ID_LENGTH} characters, so it cannot be an id`;
  // A lone UTF-16 surrogate cannot be put in a URL, so it names no upstream record.
  if (/\p{Cs}/u.test(value)) return 'is not well-formed Unicode text, so it cannot be an id';
  return undefined;
}
