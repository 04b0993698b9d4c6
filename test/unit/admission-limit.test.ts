import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterWindow,
  DEFAULT_BOUNDS,
  KEEP_CUT_AT,
  KEEP_RAISE_AT,
  type LimitState,
  MIN_ROUND_TRIPS,
  REST_WINDOWS,
  SATURATED,
  STRETCHED_AT,
  stretched,
  type WindowSample,
} from '../../src/server/admission-limit.js';
import { propertyRuns } from '../support/property-runs.js';

const bounds = { floor: 8, ceiling: 1_000 };
const window = (overrides: Partial<WindowSample>): WindowSample => ({
  throughput: 100,
  queued: true,
  queuedThroughout: true,
  peakRunning: 16,
  utilization: 0.5,
  roundTrips: 0,
  roundTripMs: 0,
  ...overrides,
});

describe('the adaptive admission limit, window by window', () => {
  it('tries raises and cuts, keeps what pays, and rests after what does not', () => {
    const raising: LimitState = { limit: 32, trial: { kind: 'raise', from: 16, baseline: 100 }, rest: 0 };
    const cutting: LimitState = { limit: 24, trial: { kind: 'cut', from: 32, baseline: 100 }, rest: 0 };
    const steady: LimitState = { limit: 16, rest: 0 };
    for (const [name, state, sample, expected] of [
      [
        'queued throughout with room: a raise on trial',
        steady,
        window({}),
        { limit: 32, trial: { kind: 'raise', from: 16, baseline: 100 }, rest: 0 },
      ],
      ['queued only at the end (the load just changed): nothing measured', steady, window({ queuedThroughout: false }), steady],
      [
        'queued, loop busy but not saturated: a raise on trial all the same',
        steady,
        window({ utilization: SATURATED - 0.01 }),
        { limit: 32, trial: { kind: 'raise', from: 16, baseline: 100 }, rest: 0 },
      ],
      [
        'queued, loop saturated: a cut on trial, never a raise',
        steady,
        window({ utilization: SATURATED }),
        { limit: 12, trial: { kind: 'cut', from: 16, baseline: 100 }, rest: 0 },
      ],
      [
        'a raise that paid, still queued: the next raise',
        raising,
        window({ throughput: 100 * KEEP_RAISE_AT }),
        { limit: 64, trial: { kind: 'raise', from: 32, baseline: 100 * KEEP_RAISE_AT }, rest: 0 },
      ],
      ['a raise that paid and emptied the queue: kept', raising, window({ throughput: 190, queued: false }), { limit: 32, rest: 0 }],
      [
        'a raise that did not pay: undone, rest',
        raising,
        window({ throughput: 100 * KEEP_RAISE_AT - 1 }),
        { limit: 16, rest: REST_WINDOWS, failed: 'raise' },
      ],
      [
        'a failed raise, rested: a cut on trial',
        { limit: 16, rest: 0, failed: 'raise' },
        window({ throughput: 90 }),
        { limit: 12, trial: { kind: 'cut', from: 16, baseline: 90 }, rest: 0 },
      ],
      ['resting: nothing tried', { limit: 16, rest: 2, failed: 'raise' }, window({}), { limit: 16, rest: 1, failed: 'raise' }],
      [
        'resting, and a queue formed (a new load): the rest ends',
        { limit: 16, rest: 2, failed: 'raise' },
        window({ queuedThroughout: false }),
        { limit: 16, rest: 0 },
      ],
      [
        'a cut that kept the answers: the next cut, against the first baseline',
        { ...cutting, limit: 48, trial: { kind: 'cut', from: 64, baseline: 100 } },
        window({ throughput: 100 * KEEP_CUT_AT }),
        { limit: 36, trial: { kind: 'cut', from: 48, baseline: 100 }, rest: 0 },
      ],
      [
        'a cut that kept the answers, at the floor: kept, rest',
        { ...cutting, limit: 8, trial: { kind: 'cut', from: 10, baseline: 100 } },
        window({ throughput: 99 }),
        { limit: 8, rest: REST_WINDOWS },
      ],
      [
        'a cut that lost answers: undone, rest',
        cutting,
        window({ throughput: 100 * KEEP_CUT_AT - 1 }),
        { limit: 32, rest: REST_WINDOWS, failed: 'cut' },
      ],
      [
        'a saturated loop: a cut on trial',
        { limit: 64, rest: 0 },
        window({ utilization: SATURATED }),
        { limit: 48, trial: { kind: 'cut', from: 64, baseline: 100 }, rest: 0 },
      ],
      ['a saturated loop at the floor: held', { limit: 8, rest: 0 }, window({ utilization: 1 }), { limit: 8, rest: 0 }],
      [
        'a load under half the limit: a cut on trial',
        { limit: 64, rest: 0 },
        window({ queued: false, queuedThroughout: false, peakRunning: 32 }),
        { limit: 48, trial: { kind: 'cut', from: 64, baseline: 100 }, rest: 0 },
      ],
      [
        'a load over half the limit, not queued: held',
        { limit: 64, rest: 0 },
        window({ queued: false, queuedThroughout: false, peakRunning: 33 }),
        { limit: 64, rest: 0 },
      ],
      ['at the ceiling: no raise', { limit: 1_000, rest: 0 }, window({}), { limit: 1_000, rest: 0 }],
      [
        'a raise from a window with enough round trips: their mean goes with it',
        steady,
        window({ roundTrips: MIN_ROUND_TRIPS, roundTripMs: 50 }),
        { limit: 32, trial: { kind: 'raise', from: 16, baseline: 100, roundTripMs: 50 }, rest: 0 },
      ],
      [
        'a raise from a window with too few round trips: judged on answers alone',
        steady,
        window({ roundTrips: MIN_ROUND_TRIPS - 1, roundTripMs: 50 }),
        { limit: 32, trial: { kind: 'raise', from: 16, baseline: 100 }, rest: 0 },
      ],
      [
        'a raise whose round trips stretched: undone, however many it answered',
        { ...raising, trial: { ...raising.trial, roundTripMs: 100 } },
        window({ throughput: 190, roundTrips: MIN_ROUND_TRIPS, roundTripMs: 100 * STRETCHED_AT }),
        { limit: 16, rest: REST_WINDOWS, failed: 'raise' },
      ],
      [
        'a raise whose round trips stretched less: judged on answers, and the next raise carries them',
        { ...raising, trial: { ...raising.trial, roundTripMs: 100 } },
        window({ throughput: 190, roundTrips: MIN_ROUND_TRIPS, roundTripMs: 100 * STRETCHED_AT - 1 }),
        { limit: 64, trial: { kind: 'raise', from: 32, baseline: 190, roundTripMs: 100 * STRETCHED_AT - 1 }, rest: 0 },
      ],
      [
        'a cut whose round trips stretched: judged on its answers alone',
        cutting,
        window({ throughput: 100 * KEEP_CUT_AT, roundTrips: MIN_ROUND_TRIPS, roundTripMs: 1_000_000 }),
        { limit: 18, trial: { kind: 'cut', from: 24, baseline: 100 }, rest: 0 },
      ],
      [
        'a raise whose round trips stretched, but too few to tell: judged on answers',
        { ...raising, trial: { ...raising.trial, roundTripMs: 100 } },
        window({ throughput: 190, queued: false, roundTrips: MIN_ROUND_TRIPS - 1, roundTripMs: 1_000 }),
        { limit: 32, rest: 0 },
      ],
    ] as const) {
      expect({ name, next: afterWindow(state as LimitState, sample, bounds) }).toEqual({ name, next: expected });
    }
  });

  const sampleArbitrary = fc.record({
    throughput: fc.double({ min: 0, max: 10_000, noNaN: true }),
    queued: fc.boolean(),
    queuedThroughout: fc.boolean(),
    peakRunning: fc.integer({ min: 0, max: 20_000 }),
    utilization: fc.double({ min: 0, max: 1, noNaN: true }),
    roundTrips: fc.integer({ min: 0, max: 2 * MIN_ROUND_TRIPS }),
    roundTripMs: fc.double({ min: 0, max: 10_000, noNaN: true }),
  });

  it('stays within its bounds, raises only while requests queue on a loop that is not saturated, and undoes every trial that did not pay (property)', () => {
    for (const run of propertyRuns()) {
      fc.assert(
        fc.property(fc.array(sampleArbitrary, { minLength: 1, maxLength: 60 }), (samples) => {
          let state: LimitState = { limit: DEFAULT_BOUNDS.floor, rest: 0 };
          for (const raw of samples) {
            const sample = { ...raw, queuedThroughout: raw.queued && raw.queuedThroughout };
            const next = afterWindow(state, sample, DEFAULT_BOUNDS);
            expect(next.limit).toBeGreaterThanOrEqual(DEFAULT_BOUNDS.floor);
            expect(next.limit).toBeLessThanOrEqual(DEFAULT_BOUNDS.ceiling);
            // Above where it stood (a cut under trial stands at its `from`), only for requests that queue.
            const stood = state.trial?.kind === 'cut' ? state.trial.from : state.limit;
            if (next.limit > stood)
              expect({ queued: sample.queued, saturated: sample.utilization >= SATURATED }).toEqual({ queued: true, saturated: false });
            const { trial } = state;
            if (trial?.kind === 'raise' && (sample.throughput < trial.baseline * KEEP_RAISE_AT || stretched(trial, sample)))
              expect(next.limit).toBe(trial.from);
            if (trial?.kind === 'cut' && sample.throughput < trial.baseline * KEEP_CUT_AT) expect(next.limit).toBe(trial.from);
            state = next;
          }
        }),
        run,
      );
    }
  });

  it('settles near what the bottleneck serves: the clients, or an upstream that serves `capacity` at once (property over a model)', () => {
    // Five upstream calls a request; past its capacity the upstream queues them, and each takes longer
    // in proportion to what is sent beyond it (20 ms at or under it).
    for (const run of propertyRuns()) {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: 1, max: 400 }),
          fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 150, maxLength: 150 }),
          (clients, capacity, noise) => {
            const served = (limit: number) => Math.min(limit, clients, capacity);
            let state: LimitState = { limit: DEFAULT_BOUNDS.floor, rest: 0 };
            for (const wobble of noise) {
              const queued = clients > state.limit;
              state = afterWindow(
                state,
                {
                  throughput: served(state.limit) * 10 * (1 + wobble),
                  queued,
                  queuedThroughout: queued,
                  peakRunning: Math.min(clients, state.limit),
                  utilization: 0.5,
                  roundTrips: 5 * served(state.limit),
                  roundTripMs: 20 * Math.max(1, Math.min(clients, state.limit) / capacity) * (1 + wobble),
                },
                DEFAULT_BOUNDS,
              );
            }
            const settled = state.trial?.from ?? state.limit;
            const best = Math.min(clients, capacity);
            // It gives up at most what a kept cut or a rejected raise may, with the noise against it...
            const tolerance = Math.min(KEEP_CUT_AT, 1 / KEEP_RAISE_AT) * (0.95 / 1.05);
            expect(served(settled)).toBeGreaterThanOrEqual(Math.floor(best * tolerance));
            // ...and holds at most twice what serves the best: beyond that, a raise never pays.
            expect(settled).toBeLessThanOrEqual(Math.max(DEFAULT_BOUNDS.floor, 2 * best));
          },
        ),
        run,
      );
    }
  });
});
