import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import * as z from 'zod/mini';

/**
 * Persisted operations: a manifest of `sha256 → operation text` (what GraphQL Code Generator's client
 * preset writes as `persisted-documents.json`), sent by hash in `extensions.persistedQuery`.
 *
 * - `only`: anything not in the manifest is refused, so the server runs exactly the operations the
 *   frontends shipped.
 * - otherwise: manifest hashes, plain query text and Automatic Persisted Queries (Apollo's protocol:
 *   hash alone → `PersistedQueryNotFound`, then hash and text once, then hash alone) all work.
 */
export interface PersistedOperationsOptions {
  manifest: ReadonlyMap<string, string>;
  only: boolean;
  /** Accept APQ registrations (ignored when `only`). */
  apq: boolean;
  /** Registered APQ operations kept per process. */
  apqCapacity?: number;
  /** Where APQ registrations are shared with other instances (Redis); this process alone when absent. */
  sharedApq?: SharedOperationStore;
}

/** A store of APQ operations by hash that every instance reads. Failures read as "not found". */
export interface SharedOperationStore {
  get(hash: string): Promise<string | undefined>;
  set(hash: string, operation: string): Promise<void>;
}

export class ManifestError extends Error {}

const OPERATION_TEXT = 'every operation must be non-empty text';
const manifestSchema = z.record(
  z.string().check(z.regex(/^(sha256:)?[0-9a-f]{64}$/)),
  z.string({ error: OPERATION_TEXT }).check(z.minLength(1, OPERATION_TEXT)),
  {
    // The record's own issues: a key that fails its check is reported as one of them.
    error: (issue) =>
      issue.code === 'invalid_key'
        ? 'keys must be sha256 hex digests, optionally prefixed by "sha256:"'
        : 'the file must hold one JSON object',
  },
);
const HASH_PREFIX = 'sha256:';
/** Text of the APQ registrations one process keeps (thousands of ordinary operations). */
const APQ_TEXT_BYTES = 8 * 1024 * 1024;
/** The longest text registered: a few padded registrations would otherwise evict every other one. */
const APQ_MAX_TEXT_BYTES = 32 * 1024;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** A request's hash as the manifest and the stores key it: without the prefix, and a hex digest in lower case (hex is hex in either case). */
const bareHash = (hash: string) => {
  const bare = hash.startsWith(HASH_PREFIX) ? hash.slice(HASH_PREFIX.length) : hash;
  return /^[0-9a-fA-F]{64}$/.test(bare) ? bare.toLowerCase() : bare;
};

/** Reads and checks a manifest: every key must be the sha256 of its operation text, or clients and server disagree. */
export function loadManifest(path: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ManifestError(`cannot read the persisted-operations manifest ${path}: ${(error as Error).message}`);
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success)
    throw new ManifestError(
      `${path} is not a persisted-operations manifest ({ "<sha256>": "<operation>" }): ${result.error.issues[0]?.message}`,
    );
  const manifest = new Map(Object.entries(result.data).map(([hash, operation]) => [bareHash(hash), operation]));
  for (const [hash, operation] of manifest) {
    if (sha256(operation) !== hash)
      throw new ManifestError(`${path}: the entry ${hash.slice(0, 12)}… is not the sha256 of its operation text`);
  }
  return manifest;
}

/**
 * The hash a request names: Apollo's `extensions.persistedQuery.sha256Hash`, or the GraphQL-over-HTTP
 * draft's `documentId: "sha256:…"` (what the client preset's `__meta__.hash` holds).
 */
function persistedHashOf(params: { extensions?: unknown; documentId?: unknown }): string | undefined {
  const persisted = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  if (persisted?.version === 1 && typeof persisted.sha256Hash === 'string') return bareHash(persisted.sha256Hash);
  return typeof params.documentId === 'string' && params.documentId.startsWith(HASH_PREFIX) ? bareHash(params.documentId) : undefined;
}

/** Request body fields beyond the standard four that these plugins read. */
export const PERSISTED_PARAM_NAMES = ['documentId'];

export function persistedOperations(options: PersistedOperationsOptions): Plugin[] {
  const { manifest } = options;
  if (options.only) {
    return [
      usePersistedOperations({
        getPersistedOperation: (hash) => manifest.get(hash) ?? null,
        allowArbitraryOperations: false,
        extractPersistedOperationId: (params) => persistedHashOf(params) ?? null,
        customErrors: {
          persistedQueryOnly: {
            message:
              'This server runs persisted operations only: send `documentId` (`sha256:<hash>`) or `extensions.persistedQuery.sha256Hash` of an operation in its manifest, without `query`',
            extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
          },
          keyNotFound: {
            message: 'Send `documentId` (`sha256:<hash>`), or `extensions.persistedQuery` with `version: 1` and `sha256Hash`',
            extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
          },
          notFound: {
            message: 'PersistedQueryNotFound: the hash is not in the manifest of persisted operations',
            extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST', http: { status: 400 } },
          },
        },
      }),
    ];
  }

  // Registrations this process has seen or read from the shared store: most lookups never leave the process.
  // Bounded by their text too: a thousand texts padded to the body limit once held a gigabyte.
  const registered = new LRUCache<string, string>({
    max: options.apqCapacity ?? 1000,
    maxSize: APQ_TEXT_BYTES,
    maxEntrySize: APQ_MAX_TEXT_BYTES,
    sizeCalculation: (text) => Math.max(1, text.length),
  });
  const { sharedApq } = options;
  const registerApq: Plugin = {
    // A request carrying both the text and its hash registers it, once the hash proves to be of that text.
    async onParams({ params }) {
      const hash = persistedHashOf(params);
      if (!options.apq || !hash || !params.query || manifest.has(hash) || registered.get(hash)) return;
      if (sha256(params.query) !== hash) {
        throw createGraphQLError('provided sha does not match query', {
          extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH', http: { status: 400 } },
        });
      }
      registered.set(hash, params.query);
      await sharedApq?.set(hash, params.query);
    },
  };
  const lookUp = async (hash: string) => {
    const known = manifest.get(hash) ?? registered.get(hash);
    // What is no digest was never registered: the shared store is not asked for a client's arbitrary key.
    if (known !== undefined || !sharedApq || !options.apq || !SHA256_HEX.test(hash)) return known ?? null;
    const shared = await sharedApq.get(hash);
    // Only text that hashes to the key runs: the shared store is not trusted to hold what it should.
    if (shared === undefined || sha256(shared) !== hash) return null;
    registered.set(hash, shared);
    return shared;
  };
  return [
    registerApq,
    usePersistedOperations({
      getPersistedOperation: lookUp,
      allowArbitraryOperations: true,
      // A request without a hash is an ordinary one; without this the plugin would demand a hash.
      extractPersistedOperationId: (params) => persistedHashOf(params) ?? null,
      // Apollo's APQ links recognise exactly this message and code and then resend with the text.
      customErrors: {
        notFound: { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
        keyNotFound: {
          message: 'Send `query`, or `extensions.persistedQuery` with `version: 1` and `sha256Hash`',
          extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
        },
      },
    }),
  ];
}
