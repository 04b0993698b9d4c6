import type { SharedOperationStore } from '../server/persisted-operations.js';
import { sharedKey } from './keys.js';
import type { SharedRedis } from './shared-redis.js';

/** How long an APQ registration stays in Redis unused; a client that finds it gone resends the text once. */
const APQ_TTL_SECONDS = 7 * 24 * 3600;

/** APQ registrations in Redis: an operation registered on one instance runs by hash on every other. */
export function sharedApqStore(redis: SharedRedis): SharedOperationStore {
  return {
    async get(hash) {
      if (!redis.available()) return undefined;
      // GETEX refreshes the expiry, so operations in use stay registered.
      const operation = await redis.client.getex(sharedKey('apq', hash), 'EX', APQ_TTL_SECONDS).catch(() => null);
      return operation ?? undefined;
    },
    async set(hash, operation) {
      if (!redis.available()) return;
      await redis.client.set(sharedKey('apq', hash), operation, 'EX', APQ_TTL_SECONDS).catch(() => undefined);
    },
  };
}
