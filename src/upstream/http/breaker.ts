/**
 * A per-upstream circuit breaker: after `failureThreshold` consecutive failures the upstream is
 * not called for `openMs`; then one probe is let through and its outcome closes or re-opens it.
 * A dead upstream then costs callers nothing but a fast error.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  failureThreshold: number;
  openMs: number;
  now?: () => number;
}

export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.consecutiveFailures < this.options.failureThreshold) return 'closed';
    return this.now() - this.openedAt >= this.options.openMs ? 'half-open' : 'open';
  }

  /** Milliseconds until a call may be tried, or 0 when one may be tried now (and is admitted). */
  admit(): number {
    const state = this.state;
    if (state === 'closed') return 0;
    if (state === 'half-open' && !this.probeInFlight) {
      this.probeInFlight = true;
      return 0;
    }
    return Math.max(1, this.options.openMs - (this.now() - this.openedAt));
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.probeInFlight = false;
  }

  /** The probe ended without an answer either way (its caller left): let the next call probe instead. */
  releaseProbe(): void {
    this.probeInFlight = false;
  }

  recordFailure(): void {
    this.consecutiveFailures += 1;
    this.probeInFlight = false;
    if (this.consecutiveFailures >= this.options.failureThreshold) this.openedAt = this.now();
  }
}
