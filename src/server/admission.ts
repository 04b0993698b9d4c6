import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { adaptiveLimit, DEFAULT_BOUNDS, type LimitBounds, type RoundTrip } from './admission-limit.js';
import { writeErrorResponse } from './error-response.js';

/**
 * Admission control: at most `maxConcurrent` GraphQL requests execute at once (a fixed number, or with
 * `auto` one found by trials against throughput, see `admission-limit.ts`) and the rest wait their turn
 * in arrival order. A request in execution holds its upstream answers and its result (about
 * 2 MB for a page of 100 interactions with their relations), so memory and GC work stay bounded by
 * the limit instead of growing with the number of connected clients; the CPU is busy either way.
 * A request still waiting after `maxWaitMs` is answered 503 with `Retry-After`; one whose client
 * leaves while it waits is dropped without running.
 */
export interface AdmissionOptions {
  /** A fixed limit, or `auto`: one tried against throughput between `bounds` (see `admission-limit.ts`). */
  maxConcurrent: number | 'auto';
  maxWaitMs: number;
  bounds?: LimitBounds;
}

export interface Admission {
  /**
   * Runs `handle` now or when a slot frees. The slot is the request's until `handle` has produced the
   * answer (its promise settles) or the client leaves (`response` closes).
   */
  admit(response: ServerResponse, handle: () => Promise<unknown>): void;
  /** Requests executing and waiting now, and the limit in force. */
  load(): { running: number; waiting: number; limit: number };
  /** An upstream call was answered (or failed): how the adaptive limit tells a saturated upstream (see `admission-limit.ts`). */
  roundTrip(call: RoundTrip): void;
  /** Stops adapting the limit (server shutdown). */
  stop(): void;
}

interface Waiter {
  start(): void;
  gone: boolean;
}

export function createAdmission({ maxConcurrent, maxWaitMs, bounds = DEFAULT_BOUNDS }: AdmissionOptions): Admission {
  let running = 0;
  const waiting: Waiter[] = [];
  const countWaiting = () => waiting.filter((waiter) => !waiter.gone).length;
  const adaptive = maxConcurrent === 'auto' ? adaptiveLimit(bounds, countWaiting, () => next()) : undefined;
  const limit = adaptive ? adaptive.current : () => maxConcurrent as number;

  const next = () => {
    while (running < limit() && waiting.length > 0) {
      const waiter = waiting.shift() as Waiter;
      if (!waiter.gone) waiter.start();
    }
  };

  const run = (response: ServerResponse, handle: () => Promise<unknown>) => {
    running += 1;
    adaptive?.started(running);
    const startedAt = performance.now();
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      running -= 1;
      adaptive?.answered(performance.now() - startedAt);
      next();
    };
    // Once the answer is produced, not once the client has read it: a client that never reads its
    // answer held its slot for as long as it liked (its socket is the request deadline's to end). An
    // answer in parts is produced when its last part is: the handler returns as its first part goes.
    // 'close' covers a client that left mid-way.
    response.once('close', release);
    const produced = () => {
      if (response.writableEnded) release();
      else response.once('finish', release);
    };
    handle().then(produced, produced);
  };

  const admit = (response: ServerResponse, handle: () => Promise<unknown>) => {
    if (running < limit() && waiting.length === 0) {
      run(response, handle);
      return;
    }
    const waiter: Waiter = {
      gone: false,
      start() {
        clearTimeout(timer);
        response.off('close', leave);
        run(response, handle);
      },
    };
    const leave = () => {
      waiter.gone = true;
      clearTimeout(timer);
    };
    const timer = setTimeout(() => {
      leave();
      response.off('close', leave);
      writeErrorResponse(
        response,
        503,
        'SERVICE_UNAVAILABLE',
        `The gateway is at capacity: the request waited ${maxWaitMs} ms for its turn; retry shortly`,
        { 'retry-after': '1' },
      );
    }, maxWaitMs);
    response.once('close', leave);
    waiting.push(waiter);
  };
  // Waiters that left stay in the array until their turn comes; they are not counted.
  return {
    admit,
    load: () => ({ running, waiting: countWaiting(), limit: limit() }),
    roundTrip: (call) => adaptive?.roundTrip(call),
    stop: () => adaptive?.stop(),
  };
}
