import { createHash } from 'node:crypto';
import { createRedisCache } from '@envelop/response-cache-redis';
import { createInMemoryCache, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { CREDENTIAL_HEADERS } from './caller-credentials.js';

export interface ResponseCacheSettings {
  /** 0 turns the cache off. */
  ttlMs: number;
  /** Shared Redis store; in process memory when absent. */
  redisUrl: string | undefined;
  /** With forwarded credentials, answers are cached per caller credential. */
  forwardCredentials: boolean;
}

export interface ResponseCache {
  plugins: Plugin[];
  close(): Promise<void>;
}

/**
 * Whole-response cache for repeated reads. Answers with errors are never stored. The cache is per
 * credential: with forwarding on, the caller's credential headers (hashed) are part of the key;
 * otherwise every caller reads with the same server credentials and may share answers.
 */
export function createResponseCache(settings: ResponseCacheSettings, logger: Logger): ResponseCache {
  if (settings.ttlMs <= 0) return { plugins: [], close: async () => undefined };
  const redis = settings.redisUrl ? new Redis(settings.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
  redis?.on('error', (error: Error) =>
    logger.warn({ reason: error.message }, 'response cache: Redis unavailable, answering without the cache'),
  );
  const store = tolerant(redis ? createRedisCache({ redis }) : createInMemoryCache(), logger);
  const session = (request: Request) => {
    if (!settings.forwardCredentials) return 'server';
    const credentials = Object.values(CREDENTIAL_HEADERS).map((header) => request.headers.get(header) ?? '');
    return credentials.some(Boolean) ? createHash('sha256').update(credentials.join('\u0000')).digest('hex') : 'server';
  };
  return {
    plugins: [useResponseCache({ session, cache: store, ttl: settings.ttlMs, includeExtensionMetadata: false })],
    close: async () => {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** A store failure is a cache miss, not a failed request. */
function tolerant(cache: Cache, logger: Logger): Cache {
  const warn = (operation: string) => (error: unknown) => {
    logger.warn({ operation, reason: error instanceof Error ? error.message : String(error) }, 'response cache operation failed');
    return undefined;
  };
  return {
    get: (key) =>
      Promise.resolve()
        .then(() => cache.get(key))
        .catch(warn('get')),
    set: (...args) =>
      Promise.resolve()
        .then(() => cache.set(...args))
        .catch(warn('set')),
    invalidate: (entities) =>
      Promise.resolve()
        .then(() => cache.invalidate(entities))
        .catch(warn('invalidate')),
  };
}
