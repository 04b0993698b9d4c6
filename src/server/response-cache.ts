import { createHash } from 'node:crypto';
import { createRedisCache } from '@envelop/response-cache-redis';
import { createInMemoryCache, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';
import type { SharedRedis } from '../state/shared-redis.js';
import { CREDENTIAL_HEADERS } from './caller-credentials.js';

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
}

/**
 * Whole-response cache for repeated reads. Answers with errors are never stored. The cache is per
 * credential: with forwarding on, the caller's credential headers (hashed) are part of the key;
 * otherwise every caller reads with the same server credentials and may share answers.
 */
export function createResponseCache(settings: ResponseCacheSettings): ResponseCache {
  if (settings.ttlMs <= 0) return { plugins: [] };
  const { redis } = settings;
  const store = redis ? tolerant(createRedisCache({ redis: redis.client }), redis) : createInMemoryCache();
  const session = (request: Request) => {
    if (!settings.forwardCredentials) return 'server';
    const credentials = Object.values(CREDENTIAL_HEADERS).map((header) => request.headers.get(header) ?? '');
    return credentials.some(Boolean) ? createHash('sha256').update(credentials.join('\u0000')).digest('hex') : 'server';
  };
  return {
    plugins: [useResponseCache({ session, cache: store, ttl: settings.ttlMs, includeExtensionMetadata: false })],
  };
}

/**
 * A Redis failure is a cache miss, not a failed request. The connection logs when Redis goes away and
 * comes back (src/state/shared-redis.ts), so a failed operation here adds no line of its own.
 */
function tolerant(cache: Cache, redis: SharedRedis): Cache {
  const ignore = () => undefined;
  return {
    get: (key) =>
      redis.available()
        ? Promise.resolve()
            .then(() => cache.get(key))
            .catch(ignore)
        : undefined,
    set: (...args) =>
      redis.available()
        ? Promise.resolve()
            .then(() => cache.set(...args))
            .catch(ignore)
        : undefined,
    invalidate: (entities) =>
      Promise.resolve()
        .then(() => cache.invalidate(entities))
        .catch(ignore),
  };
}
