import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, nextLimit, ROOMY, SATURATED } from '../../src/server/admission-limit.js';
import { propertyRuns } from '../support/property-runs.js';

const bounds = { floor: 16, ceiling: 1_000 };

describe('the adaptive admission limit', () => {
  it('shrinks while the loop is saturated, grows while requests queue and the loop has room, else holds', () => {
    for (const [limit, utilization, waiting, expected] of [
      [100, 1, 50, 80],
      [100, SATURATED, 0, 80],
      [17, 0.99, 10, 16],
      [16, 1, 10, 16],
      [16, 0.1, 1, 32],
      [16, ROOMY - 0.01, 40, 32],
      [600, 0.2, 5, 1_000],
      [64, 0.2, 0, 64],
      [64, 0.93, 20, 64],
    ] as const) {
      expect({ limit, utilization, waiting, next: nextLimit(limit, { utilization, waiting }, bounds) }).toEqual({
        limit,
        utilization,
        waiting,
        next: expected,
      });
    }
  });

  it('stays within its bounds and moves only the way the loop says (property)', () => {
    for (const run of propertyRuns()) {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 20_000 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.integer({ min: 0, max: 10_000 }),
          (limit, utilization, waiting) => {
            const next = nextLimit(limit, { utilization, waiting }, DEFAULT_BOUNDS);
            expect(next).toBeGreaterThanOrEqual(DEFAULT_BOUNDS.floor);
            expect(next).toBeLessThanOrEqual(DEFAULT_BOUNDS.ceiling);
            if (utilization >= SATURATED) expect(next).toBeLessThanOrEqual(Math.max(limit, DEFAULT_BOUNDS.floor));
            if (next > Math.max(limit, DEFAULT_BOUNDS.floor))
              expect({ utilization, waiting: waiting > 0 }).toEqual({ utilization, waiting: true });
            if (next > Math.max(limit, DEFAULT_BOUNDS.floor)) expect(utilization).toBeLessThan(ROOMY);
          },
        ),
        run,
      );
    }
  });
});
