import { performance } from 'node:perf_hooks';

/**
 * The adaptive limit of admission control (`CTRLGRAPH_MAX_CONCURRENT_REQUESTS=auto`, the default).
 *
 * When the CPU is the bottleneck, requests admitted beyond what keeps it busy only wait for it while
 * holding their upstream pages: more memory and garbage-collection work, longer tails, no more
 * answers. When the upstreams are slow, requests mostly wait on them, and any fixed limit would cap
 * throughput at limit ÷ upstream latency. So the limit follows the event loop: it shrinks towards
 * `floor` while the loop is saturated, and doubles while requests queue and the loop has room.
 */
export interface LimitBounds {
  floor: number;
  ceiling: number;
}

export interface LoopSample {
  /** Share of the last interval the event loop was busy (0..1), as `performance.eventLoopUtilization` reports it. */
  utilization: number;
  /** Requests waiting for admission now. */
  waiting: number;
}

/** At or above this utilisation the loop is saturated: more requests at once cannot be served sooner. */
export const SATURATED = 0.97;
/**
 * Below this the loop has room, so a queue means the limit, not the CPU, holds requests back. Close to
 * `SATURATED`: a limit held where the loop idles a fifth of the time cost the timeline (three upstream
 * calls a request) a quarter of its throughput.
 */
export const ROOMY = 0.9;
/** How often the limit is reconsidered. */
export const ADJUST_EVERY_MS = 250;
/** The default bounds: 16 measured best for a 100-interaction page at 20 ms upstream latency (bench/README.md, Round 3). */
export const DEFAULT_BOUNDS: LimitBounds = { floor: 16, ceiling: 10_000 };

export function nextLimit(limit: number, { utilization, waiting }: LoopSample, { floor, ceiling }: LimitBounds): number {
  const next = utilization >= SATURATED ? Math.floor(limit * 0.8) : utilization < ROOMY && waiting > 0 ? limit * 2 : limit;
  return Math.min(ceiling, Math.max(floor, next));
}

export interface AdaptiveLimit {
  current(): number;
  stop(): void;
}

/** Starts at the floor and reconsiders the limit every `ADJUST_EVERY_MS`; `onRaise` runs when it grows. */
export function adaptiveLimit(bounds: LimitBounds, waiting: () => number, onRaise: () => void): AdaptiveLimit {
  let limit = bounds.floor;
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    const next = nextLimit(limit, { utilization, waiting: waiting() }, bounds);
    const raised = next > limit;
    limit = next;
    if (raised) onRaise();
  }, ADJUST_EVERY_MS);
  // The limit never keeps the process alive on its own.
  timer.unref();
  return { current: () => limit, stop: () => clearInterval(timer) };
}
