import { createHash } from 'node:crypto';
import { createInMemoryCache, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';
import type { SharedRedis } from '../state/shared-redis.js';
import { sharedResponseCache } from '../state/shared-response-cache.js';
import { CREDENTIAL_HEADERS } from './caller-credentials.js';
import { usesIncrementalDelivery } from './incremental-delivery.js';
import { isReadinessProbe } from './readiness-probe.js';
import { type CacheEntity, INTERACTION_READS, showsCtrlHubInteractions } from './write-invalidation.js';

export interface ResponseCacheSettings {
  /** 0 turns the cache off. */
  ttlMs: number;
  /** Shared Redis store; in process memory when absent. */
  redis: SharedRedis | undefined;
  /** With forwarded credentials, answers are cached per caller credential. */
  forwardCredentials: boolean;
}

export interface ResponseCache {
  plugins: Plugin[];
  /** Drops every cached answer a write made stale; resolves once the store has done so. */
  invalidateWrite(): Promise<void>;
}

/**
 * Whole-response cache for repeated reads. Answers with errors are never stored. The cache is per
 * credential: with forwarding on, the caller's credential headers (hashed) are part of the key;
 * otherwise every caller reads with the same server credentials and may share answers.
 */
export function createResponseCache(settings: ResponseCacheSettings): ResponseCache {
  if (settings.ttlMs <= 0) return { plugins: [], invalidateWrite: async () => undefined };
  const { redis } = settings;
  // Operations whose answers may show Ctrl-Hub interactions (`showsCtrlHubInteractions`), by context.
  const showsInteractions = new WeakSet<object>();
  // What the next `set` stores is tagged by: the plugin asks `onTtl` with the answer's context, then
  // stores it at once, and its store is not told the context.
  let tagNext = false;
  const store = writeAware(redis ? sharedResponseCache(redis) : createInMemoryCache(), redis, () => tagNext);
  // An answer whose read began before a write invalidated the cache is not stored: it may hold the
  // state from before the write, and would serve it until its TTL ran out. Counted per request (the
  // plugin asks `enabled` as a read begins and `onTtl` with the same context before it stores), so
  // overlapping reads of one key never stand in for each other. Within one process: a write on another
  // instance can still race a read here for the length of one request. Any write counts, as nearly
  // every answer shows some list of interactions, which every write changes.
  let writes = 0;
  const begun = new WeakMap<object, number>();
  // Answers in parts are never cached: stored merged, one was served whole to a client whose Accept
  // header the 406 of `incremental-delivery.ts` refuses.
  const incremental = new WeakSet<object>();
  const markOperation: Plugin = {
    onExecute({ args }) {
      const context = args.contextValue as object;
      if (usesIncrementalDelivery(args.document)) incremental.add(context);
      if (showsCtrlHubInteractions(args.schema, args.document)) showsInteractions.add(context);
    },
  };
  const session = (request: Request) => {
    if (!settings.forwardCredentials) return 'server';
    const credentials = Object.values(CREDENTIAL_HEADERS).map((header) => request.headers.get(header) ?? '');
    return credentials.some(Boolean) ? createHash('sha256').update(credentials.join('\u0000')).digest('hex') : 'server';
  };
  return {
    plugins: [
      markOperation,
      useResponseCache({
        session,
        cache: store,
        ttl: settings.ttlMs,
        includeExtensionMetadata: false,
        enabled: (_request, context) => {
          // The readiness probe skips the parameter hooks where this plugin keys its entries; cached, it threw.
          if (isReadinessProbe(context) || incremental.has(context)) return false;
          begun.set(context, writes);
          return true;
        },
        onTtl: ({ ttl, context }) => {
          tagNext = showsInteractions.has(context);
          return begun.get(context) === writes && !incremental.has(context) ? ttl : 0;
        },
      }),
    ],
    // Across sessions too: a write changes what every caller reads. Every answer that may show the
    // interaction or a list it was or is in carries the tag, so the tag is all a write drops.
    invalidateWrite: () => {
      writes += 1;
      return store.invalidateNow([INTERACTION_READS]);
    },
  };
}

/**
 * The store the plugin sees. Answers that may show Ctrl-Hub interactions are stored under their tag too.
 * The plugin's own pass after each mutation is ignored: it would purge whole types for every null
 * field of a payload (by a Redis KEYS scan) without waiting; writes invalidate what they changed
 * through `invalidateNow` instead, awaited before they answer. A Redis failure is a cache miss, not a
 * failed request; the shared connection logs when Redis goes away and comes back
 * (src/state/shared-redis.ts), so a failed operation here adds no line of its own.
 */
function writeAware(
  cache: Cache,
  redis: SharedRedis | undefined,
  tagged: () => boolean,
): Cache & { invalidateNow(entities: CacheEntity[]): Promise<void> } {
  const reachable = () => redis?.available() ?? true;
  const ignore = () => undefined;
  return {
    get: (key) =>
      reachable()
        ? Promise.resolve()
            .then(() => cache.get(key))
            .catch(ignore)
        : undefined,
    set: (responseId, result, entities, ttl) => {
      const tags: CacheEntity[] = tagged() ? [...entities, INTERACTION_READS] : [...entities];
      return reachable()
        ? Promise.resolve()
            .then(() => cache.set(responseId, result, tags, ttl))
            .catch(ignore)
        : undefined;
    },
    invalidate: () => undefined,
    invalidateNow: (entities) =>
      Promise.resolve()
        .then(() => cache.invalidate(entities))
        .catch(ignore),
  };
}
