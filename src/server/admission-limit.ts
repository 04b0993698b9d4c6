import { performance } from 'node:perf_hooks';

/**
 * The adaptive limit of admission control (`CTRLGRAPH_MAX_CONCURRENT_REQUESTS=auto`, the default).
 *
 * A request admitted beyond what the bottleneck can serve only waits there while holding its upstream
 * pages: more memory and collection work, longer tails, no more answers. Where the bottleneck is
 * depends on the operation: the gateway's CPU (a wide page), the upstream's latency (a timeline of
 * small calls), or the upstream's own capacity (a fan-out of many page reads). So the limit is tried,
 * not guessed, one window of answers at a time:
 *
 * - **Raises are trials.** While requests queue and the event loop is not saturated, the limit
 *   doubles for one window; the raise is kept only if that window answered `KEEP_RAISE_AT` times as
 *   many requests per second as the one before. A slow upstream passes (twice the requests in flight,
 *   about twice the answers); a saturated one does not, however idle the loop is.
 * - **A saturated upstream ends a raise early.** Its calls take longer the more it is sent: once the
 *   upstream round trips sent since a raise are `STRETCHED_AT` times as long as before it, the upstream
 *   answers at most `KEEP_RAISE_AT` times as many calls per second (twice the calls in flight, each
 *   that much longer), so the requests cannot be answered faster either, and the raise is undone
 *   without waiting for its window to end. Round trips come by the dozen per second where answers to a wide operation come
 *   by the few, so the verdict comes in a fraction of the window, and the requests let in by a raise
 *   that cannot pay (each holding its upstream pages) are not left queueing at the upstream for it.
 *   Calls to both upstreams make one mean: one that keeps its pace dilutes the stretch of the other,
 *   and the raise is then judged on its answers, as it was before.
 * - **Cuts are trials too.** After a raise that did not pay, while the loop is saturated, or while the
 *   load stays under half the limit, the limit falls by a quarter for one window; the cut is kept while
 *   answers stay at `KEEP_CUT_AT` of what they were. That undoes a raise kept on a lucky window, finds
 *   the few requests a busy CPU serves as fast as many, and lowers a limit left high by a slow period
 *   once the load no longer needs it.
 *
 * After a change the next window opens one mean request duration later, once the requests let in (or
 * held back) before it have been answered; it lasts at least `MIN_WINDOW_MS` and three mean request
 * durations, and until `MIN_ANSWERS` requests were answered or `MAX_WINDOW_MS` passed. After a trial
 * that did not pay, the limit rests `REST_WINDOWS` windows before the next one.
 */
export interface LimitBounds {
  floor: number;
  ceiling: number;
}

/** What the requests did during one window. */
export interface WindowSample {
  /** Requests answered per second. */
  throughput: number;
  /** Requests were waiting for admission when the window closed: the limit, not the clients, set the load. */
  queued: boolean;
  /** Requests were waiting when the window opened too: it measured the limit, not a change of load. */
  queuedThroughout: boolean;
  /** The most requests that ran at once during the window. */
  peakRunning: number;
  /** Share of the window the event loop was busy (0..1), as `performance.eventLoopUtilization` reports it. */
  utilization: number;
  /** Upstream calls sent since the window began (at the last change, or as the window before it closed), and answered or failed. */
  roundTrips: number;
  /**
   * The median duration of the last `MIN_ROUND_TRIPS` of them, from sending a call (waiting for one of
   * the gateway's pooled connections included) to reading its answer; 0 without any. A median, so that
   * a timeout or a fast failure among them does not pass for the upstream's pace.
   */
  roundTripMs: number;
}

export interface Trial {
  kind: 'raise' | 'cut';
  /** The limit before the trial, restored if it does not pay. */
  from: number;
  /** Throughput at `from`: what the trial is judged against. */
  baseline: number;
  /** The median upstream round trip at `from`, when the window measured enough of them: what a raise's round trips are held to. */
  roundTripMs?: number;
}

export interface LimitState {
  limit: number;
  trial?: Trial;
  /** Windows still to pass before the next trial. */
  rest: number;
  /** The last trial that did not pay; after a raise, the next trial is a cut, so that a raise kept on a lucky window is undone. */
  failed?: Trial['kind'];
}

/**
 * At or above this utilisation the loop is saturated: more requests at once cannot be served sooner,
 * so no raise is tried. Below it a raise may pay: a limit held where the loop idled a fifth of the time
 * cost the timeline (three upstream calls a request) a quarter of its throughput, and one held where it
 * idled a tenth cost it a third on a faster host (Round 5); the trial, not the loop, decides.
 */
export const SATURATED = 0.97;
/** A raise tries this many times the limit. */
export const RAISE_BY = 2;
/** Twice the requests in flight must answer this many times as many per second to be kept. */
export const KEEP_RAISE_AT = 1.15;
/**
 * Round trips this many times as long as before a raise undo it: `RAISE_BY` times the requests, each
 * waiting this much longer on its upstream calls, answer at most `KEEP_RAISE_AT` times as many. A slow
 * upstream that serves calls side by side keeps its round trips (a latency of 200 ms stays 200 ms); a
 * saturated one queues them, and they stretch with the requests sent (about 2.2× for a raise from 16
 * to 32 on the fan-out, 1.2× on the timeline, Round 12).
 */
export const STRETCHED_AT = RAISE_BY / KEEP_RAISE_AT;
/** Round trips a window needs for their median to be judged: a few slow calls prove nothing. */
export const MIN_ROUND_TRIPS = 40;
/** A cut tries this share of the limit: a cut kept on a lucky window gives up little. */
export const CUT_TO = 0.75;
/** A cut must still answer this share of the requests per second to be kept. */
export const KEEP_CUT_AT = 0.95;
export const REST_WINDOWS = 6;
export const MIN_WINDOW_MS = 500;
export const MAX_WINDOW_MS = 5_000;
export const MIN_ANSWERS = 40;
/** How often the window is checked for its end. */
export const CHECK_EVERY_MS = 250;
/**
 * The default bounds. 16 measured best for a 100-interaction page at 20 ms upstream latency (Round 3);
 * a floor of 8 cost it 5-8 % of its throughput in Round 5, where cuts to 8 looked free in one window.
 */
export const DEFAULT_BOUNDS: LimitBounds = { floor: 16, ceiling: 10_000 };

const within = ({ floor, ceiling }: LimitBounds, limit: number) => Math.min(ceiling, Math.max(floor, limit));

/** The round trip of a window that measured enough of them. */
const roundTripOf = (sample: WindowSample) => (sample.roundTrips >= MIN_ROUND_TRIPS ? sample.roundTripMs : undefined);

function startTrial(
  kind: Trial['kind'],
  from: number,
  baseline: number,
  bounds: LimitBounds,
  roundTripMs?: number,
): LimitState | undefined {
  const limit = within(bounds, kind === 'raise' ? from * RAISE_BY : Math.floor(from * CUT_TO));
  if (limit === from) return undefined;
  return { limit, trial: { kind, from, baseline, ...(kind === 'raise' && roundTripMs !== undefined ? { roundTripMs } : {}) }, rest: 0 };
}

/** A raise on trial whose upstream round trips stretched past what could still pay; judged as soon as a window has enough of them. */
export function stretched(trial: Trial | undefined, sample: Pick<WindowSample, 'roundTrips' | 'roundTripMs'>): boolean {
  if (trial?.kind !== 'raise' || trial.roundTripMs === undefined || sample.roundTrips < MIN_ROUND_TRIPS) return false;
  return sample.roundTripMs >= trial.roundTripMs * STRETCHED_AT;
}

/** A trial that did not pay: back to the limit before it, then a rest. */
export const undone = (trial: Trial): LimitState => ({ limit: trial.from, rest: REST_WINDOWS, failed: trial.kind });

/** The limit after a window closes: a trial judged, or a new one started. */
export function afterWindow(state: LimitState, sample: WindowSample, bounds: LimitBounds): LimitState {
  const { limit, trial } = state;
  const wantsMore = sample.queued && sample.utilization < SATURATED;
  if (trial?.kind === 'raise') {
    if (stretched(trial, sample) || sample.throughput < trial.baseline * KEEP_RAISE_AT) return undone(trial);
    return (wantsMore && startTrial('raise', limit, sample.throughput, bounds, roundTripOf(sample))) || { limit, rest: 0 };
  }
  if (trial?.kind === 'cut') {
    // Judged against the throughput before the first cut, so that small losses do not add up.
    if (sample.throughput < trial.baseline * KEEP_CUT_AT) return undone(trial);
    return startTrial('cut', limit, trial.baseline, bounds) ?? { limit, rest: REST_WINDOWS };
  }
  // A queue that formed during the window is a new load: what did not pay under the last one may now.
  if (sample.queued && !sample.queuedThroughout) return { limit, rest: 0 };
  if (state.rest > 0) return { ...state, rest: state.rest - 1 };
  // Only a window that was queued from start to end measured what the limit serves.
  const measured = sample.queuedThroughout;
  // A saturated loop, or a limit that did not pay when raised: fewer requests at once may serve as many.
  if (measured && (sample.utilization >= SATURATED || state.failed === 'raise'))
    return startTrial('cut', limit, sample.throughput, bounds) ?? { limit, rest: 0 };
  if (wantsMore && measured) return startTrial('raise', limit, sample.throughput, bounds, roundTripOf(sample)) ?? { limit, rest: 0 };
  // A limit twice the load: less of it serves the same, as the trial will show (a slow period raised it).
  if (!sample.queued && sample.peakRunning <= limit / 2) return startTrial('cut', limit, sample.throughput, bounds) ?? { limit, rest: 0 };
  return { limit, rest: 0 };
}

/** One upstream call, as the limit hears of it. */
export interface RoundTrip {
  /** When it was sent, epoch ms. */
  startedAt: number;
  durationMs: number;
}

export interface AdaptiveLimit {
  current(): number;
  /** A request that ran for `durationMs` was answered (or its client left). */
  answered(durationMs: number): void;
  /** A request started running with `running` requests now in flight. */
  started(running: number): void;
  /** An upstream call sent at `startedAt` (epoch ms) took `durationMs` to be answered (or to fail). */
  roundTrip(call: RoundTrip): void;
  stop(): void;
}

/** Starts at the floor and reconsiders the limit as windows close; `onRaise` runs when it grows. */
export function adaptiveLimit(bounds: LimitBounds, waiting: () => number, onRaise: () => void): AdaptiveLimit {
  let state: LimitState = { limit: bounds.floor, rest: 0 };
  let meanDurationMs = 0;
  /**
   * A window opens once `settleUntil` has passed: answers to requests let in (or held back) before a
   * change are not its own. Round trips count from the change itself, when sent after it: a call's
   * duration is its own from the start, so a raise that stretches them is seen before the window opens.
   * Only the last `MIN_ROUND_TRIPS` count: the first calls after a raise find the upstream's queue
   * still short, and what matters is how long they take once it has grown.
   */
  const recent = new Float64Array(MIN_ROUND_TRIPS);
  const medianOfRecent = (count: number) => {
    if (count === 0) return 0;
    const sorted = recent.slice(0, Math.min(count, MIN_ROUND_TRIPS)).sort();
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  };
  const pending = (settleUntil: number) => ({
    /** Epoch ms, as the calls' `startedAt`. */
    changedAt: Date.now(),
    open: false,
    settleUntil,
    startedAt: 0,
    queuedAtStart: false,
    answers: 0,
    durationMs: 0,
    peakRunning: 0,
    roundTrips: 0,
    loop: performance.eventLoopUtilization(),
  });
  let window = pending(0);

  const change = (next: LimitState, now: number) => {
    const raised = next.limit > state.limit;
    window = pending(next.limit === state.limit ? now : now + meanDurationMs);
    state = next;
    if (raised) onRaise();
  };

  const timer = setInterval(() => {
    const now = performance.now();
    const roundTrips = { roundTrips: window.roundTrips, roundTripMs: medianOfRecent(window.roundTrips) };
    // A raise the upstream cannot serve is undone as soon as its round trips show it, window or not.
    if (state.trial && stretched(state.trial, roundTrips)) return change(undone(state.trial), now);
    if (!window.open) {
      if (now < window.settleUntil) return;
      Object.assign(window, { open: true, startedAt: now, queuedAtStart: waiting() > 0, loop: performance.eventLoopUtilization() });
      return;
    }
    const elapsedMs = now - window.startedAt;
    const ownMeanMs = window.answers > 0 ? window.durationMs / window.answers : meanDurationMs;
    // Requests take longer after a raise (they queue for the CPU or the upstream): the window waits for them.
    const longEnough = elapsedMs >= Math.max(MIN_WINDOW_MS, 3 * Math.max(meanDurationMs, ownMeanMs));
    if (!longEnough || (window.answers < MIN_ANSWERS && elapsedMs < MAX_WINDOW_MS)) return;
    meanDurationMs = ownMeanMs;
    const queued = waiting() > 0;
    const sample: WindowSample = {
      throughput: (window.answers * 1000) / elapsedMs,
      queued,
      queuedThroughout: queued && window.queuedAtStart,
      peakRunning: window.peakRunning,
      utilization: performance.eventLoopUtilization(performance.eventLoopUtilization(), window.loop).utilization,
      ...roundTrips,
    };
    change(afterWindow(state, sample, bounds), now);
  }, CHECK_EVERY_MS);
  // The limit never keeps the process alive on its own.
  timer.unref();
  return {
    current: () => state.limit,
    answered: (durationMs) => {
      if (!window.open) return;
      window.answers += 1;
      window.durationMs += durationMs;
    },
    started: (running) => {
      if (window.open) window.peakRunning = Math.max(window.peakRunning, running);
    },
    roundTrip: ({ startedAt, durationMs }) => {
      if (startedAt < window.changedAt) return;
      recent[window.roundTrips % MIN_ROUND_TRIPS] = durationMs;
      window.roundTrips += 1;
    },
    stop: () => clearInterval(timer),
  };
}
