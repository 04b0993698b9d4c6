import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { withoutSecretParts } from '../config/index.js';

/**
 * The one Redis connection of a process, for the state every instance shares (response cache, APQ
 * store, rate-limit counters). Commands fail at once while Redis is away (no offline queue), so each
 * user falls back on its own (a cache miss, an unknown APQ hash, an unlimited request) instead of
 * waiting; the connection keeps retrying in the background. The log says when Redis goes away and when
 * it is back, once per change, never per request.
 */
export interface SharedRedis {
  client: Redis;
  /** Whether commands can be sent now. */
  available(): boolean;
  close(): Promise<void>;
}

/** Longest wait for one command: a Redis that hangs must not hold requests. */
const COMMAND_TIMEOUT_MS = 1000;

export function connectSharedRedis(url: string, logger: Logger): SharedRedis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // A Redis that keeps the connection open and stops answering (paused, swapping, overloaded) is lost
    // too: its connection is dropped, so the loss is logged and requests stop waiting on it. Without this,
    // every command waited its full timeout, for as long as the hang lasted, and nothing was logged.
    socketTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    // ioredis reads its version from its own package.json, which the bundled build (dist/) does not
    // have: it would tell Redis 7.2+ (`CLIENT SETINFO`) that it is version "error-fetching-version".
    disableClientInfo: true,
  });
  let state: 'connecting' | 'up' | 'down' = 'connecting';
  // A password may sit in the userinfo or in the query (`?password=`, which ioredis reads too).
  const target = withoutSecretParts(url);
  client.on('ready', () => {
    if (state !== 'up') logger.info({ redis: target }, 'shared state: Redis connected');
    state = 'up';
  });
  const lost = (reason: string) => {
    if (state === 'down') return;
    state = 'down';
    logger.warn(
      { redis: target, reason },
      'shared state: Redis unavailable; serving without the shared cache, APQ store and rate limits until it is back',
    );
  };
  client.on('error', (error: Error) => lost(error.message));
  client.on('close', () => lost('connection closed'));
  return {
    client,
    available: () => client.status === 'ready',
    async close() {
      state = 'down';
      await client.quit().catch(() => client.disconnect());
    },
  };
}
