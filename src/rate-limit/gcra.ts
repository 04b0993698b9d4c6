/**
 * The generic cell rate algorithm (GCRA), the token bucket kept as one number per caller: the
 * "theoretical arrival time" (TAT) at which the caller's bucket is full again. A caller may make
 * `limit` requests per `windowMs` on average and up to `burst` at once. One number per caller is what
 * makes it cheap to share: Redis runs the same arithmetic in one script (src/state/shared-rate-limit.ts).
 */
export interface RatePolicy {
  limit: number;
  windowMs: number;
  burst: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Requests the caller may still make at once. */
  remaining: number;
  /** When refused: how long until one more request is allowed. */
  retryAfterMs: number;
  /** How long until the caller's whole burst is available again. */
  resetMs: number;
}

/**
 * The decision for one request at `nowUs`, and the TAT to store when it is allowed. Times are whole
 * microseconds: with fractional intervals (60000 / 7 ms) a float TAT drifts, and a caller's last
 * request of a burst would be refused by a rounding error.
 */
export function takeToken(policy: RatePolicy, storedTatUs: number | undefined, nowUs: number): { decision: RateDecision; tat: number } {
  const interval = intervalUs(policy);
  const tolerance = interval * policy.burst;
  const tat = Math.max(storedTatUs ?? nowUs, nowUs);
  const next = tat + interval;
  const allowedAt = next - tolerance;
  if (nowUs < allowedAt) {
    return { decision: { allowed: false, remaining: 0, retryAfterMs: (allowedAt - nowUs) / 1000, resetMs: (tat - nowUs) / 1000 }, tat };
  }
  return {
    decision: {
      allowed: true,
      remaining: Math.floor((tolerance - (next - nowUs)) / interval),
      retryAfterMs: 0,
      resetMs: (next - nowUs) / 1000,
    },
    tat: next,
  };
}

/** Microseconds between two requests at the sustained rate. */
export const intervalUs = (policy: RatePolicy): number => Math.max(1, Math.round((policy.windowMs * 1000) / policy.limit));

/** Where callers' TATs live: this process, or Redis for every instance. */
export interface RateLimitStore {
  /** Counts one request of `caller`; `undefined` when the store cannot answer now. */
  take(caller: string): Promise<RateDecision | undefined>;
  close(): void;
}

/** TATs in process memory; a caller's entry goes once its bucket is full again, so memory follows active callers. */
export function memoryRateLimitStore(policy: RatePolicy, nowUs: () => number = () => Date.now() * 1000): RateLimitStore {
  const tats = new Map<string, number>();
  const sweep = setInterval(() => {
    const at = nowUs();
    for (const [caller, tat] of tats) if (tat <= at) tats.delete(caller);
  }, policy.windowMs);
  sweep.unref();
  return {
    async take(caller) {
      const { decision, tat } = takeToken(policy, tats.get(caller), nowUs());
      tats.set(caller, tat);
      return decision;
    },
    close: () => clearInterval(sweep),
  };
}
