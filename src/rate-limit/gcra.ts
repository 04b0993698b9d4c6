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

/** The decision for one request at `now`, and the TAT to store when it is allowed. */
export function takeToken(policy: RatePolicy, storedTat: number | undefined, now: number): { decision: RateDecision; tat: number } {
  const interval = policy.windowMs / policy.limit;
  const tolerance = interval * policy.burst;
  const tat = Math.max(storedTat ?? now, now);
  const next = tat + interval;
  const allowedAt = next - tolerance;
  if (now < allowedAt) {
    return { decision: { allowed: false, remaining: 0, retryAfterMs: allowedAt - now, resetMs: tat - now }, tat };
  }
  return {
    decision: { allowed: true, remaining: Math.floor((tolerance - (next - now)) / interval), retryAfterMs: 0, resetMs: next - now },
    tat: next,
  };
}

/** Where callers' TATs live: this process, or Redis for every instance. */
export interface RateLimitStore {
  /** Counts one request of `caller`; `undefined` when the store cannot answer now. */
  take(caller: string): Promise<RateDecision | undefined>;
  close(): void;
}

/** TATs in process memory; a caller's entry goes once its bucket is full again, so memory follows active callers. */
export function memoryRateLimitStore(policy: RatePolicy, now: () => number = Date.now): RateLimitStore {
  const tats = new Map<string, number>();
  const sweep = setInterval(() => {
    const at = now();
    for (const [caller, tat] of tats) if (tat <= at) tats.delete(caller);
  }, policy.windowMs);
  sweep.unref();
  return {
    async take(caller) {
      const { decision, tat } = takeToken(policy, tats.get(caller), now());
      tats.set(caller, tat);
      return decision;
    },
    close: () => clearInterval(sweep),
  };
}
