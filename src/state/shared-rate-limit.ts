import { intervalUs, type RateDecision, type RateLimitStore, type RatePolicy } from '../rate-limit/gcra.js';
import { sharedKey } from './keys.js';
import type { SharedRedis } from './shared-redis.js';

/**
 * `takeToken` (src/rate-limit/gcra.ts) as one Redis script, so instances never race on a caller's
 * count, and on Redis's clock, so instances need not agree on the time. Times are whole microseconds.
 */
const TAKE_TOKEN = `
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local next = tat + interval
local allowed_at = next - tolerance
if now < allowed_at then
  return {0, 0, allowed_at - now, tat - now}
end
redis.call('SET', KEYS[1], string.format('%d', next), 'PX', math.ceil((next - now) / 1000))
return {1, math.floor((tolerance - (next - now)) / interval), 0, next - now}
`;

/** Durations come back in microseconds, as the script computes them. */
type TakeTokenCommand = (key: string, interval: number, tolerance: number) => Promise<[number, number, number, number]>;

export function sharedRateLimitStore(redis: SharedRedis, policy: RatePolicy): RateLimitStore {
  redis.client.defineCommand('ctrlgraphTakeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });
  const takeTokenCommand = (redis.client as unknown as { ctrlgraphTakeToken: TakeTokenCommand }).ctrlgraphTakeToken.bind(redis.client);
  const interval = intervalUs(policy);
  return {
    async take(caller): Promise<RateDecision | undefined> {
      if (!redis.available()) return undefined;
      try {
        const [allowed, remaining, retryAfterUs, resetUs] = await takeTokenCommand(
          sharedKey('rate-limit', caller),
          interval,
          interval * policy.burst,
        );
        return { allowed: allowed === 1, remaining, retryAfterMs: retryAfterUs / 1000, resetMs: resetUs / 1000 };
      } catch {
        return undefined;
      }
    },
    close: () => undefined,
  };
}
