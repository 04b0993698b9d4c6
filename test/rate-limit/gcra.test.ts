import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intervalUs, memoryRateLimitStore, type RatePolicy, takeToken } from '../../src/rate-limit/gcra.js';
import { addressBucket } from '../../src/server/rate-limit.js';

const policies = fc.record({
  limit: fc.integer({ min: 1, max: 50 }),
  windowMs: fc.integer({ min: 100, max: 60_000 }),
  burst: fc.integer({ min: 1, max: 50 }),
});
/** Arrival times of one caller's requests, in order. */
const arrivals = fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 200 }).map((gaps) => {
  let at = 0;
  return gaps.map((gap) => {
    at += gap % 7 === 0 ? 0 : gap;
    return at;
  });
});

function replay(policy: RatePolicy, times: number[]) {
  let tat: number | undefined;
  return times.map((now) => {
    const step = takeToken(policy, tat, now * 1000);
    tat = step.tat;
    return { now, ...step.decision };
  });
}

describe('takeToken (GCRA)', () => {
  it('allows `burst` requests at once and refuses the next one until one interval has passed', () => {
    const policy = { limit: 5, windowMs: 60_000, burst: 5 };
    const decisions = replay(policy, [0, 0, 0, 0, 0, 0, 11_999, 12_000]);
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, true, true, false, false, true]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0, 0]);
    expect(decisions[5]).toMatchObject({ retryAfterMs: 12_000, resetMs: 60_000 });
  });

  it('never allows more than `burst` plus what the rate earns over any stretch of time', () => {
    fc.assert(
      fc.property(policies, arrivals, (policy, times) => {
        const interval = intervalUs(policy) / 1000;
        const allowed = replay(policy, times).filter((decision) => decision.allowed);
        for (const [i, first] of allowed.entries()) {
          for (const last of allowed.slice(i)) {
            const count = allowed.filter((decision) => decision.now >= first.now && decision.now <= last.now).length;
            expect(count).toBeLessThanOrEqual(policy.burst + Math.floor((last.now - first.now) / interval) + 1e-9);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('allows a refused caller again exactly when Retry-After says', () => {
    fc.assert(
      fc.property(policies, arrivals, (policy, times) => {
        let tat: number | undefined;
        for (const now of times) {
          const { decision, tat: next } = takeToken(policy, tat, now * 1000);
          if (!decision.allowed) {
            const retryAfterUs = decision.retryAfterMs * 1000;
            expect(retryAfterUs).toBeGreaterThan(0);
            expect(takeToken(policy, tat, now * 1000 + retryAfterUs).decision.allowed).toBe(true);
            expect(takeToken(policy, tat, now * 1000 + retryAfterUs - 1).decision.allowed).toBe(false);
          }
          tat = next;
        }
      }),
    );
  });

  it('reports as remaining exactly the requests that would still be allowed at the same instant', () => {
    fc.assert(
      fc.property(policies, (policy) => {
        const decisions = replay(policy, Array(policy.burst + 1).fill(1_000));
        for (const [i, decision] of decisions.entries()) {
          const stillAllowed = decisions.slice(i + 1).filter((later) => later.allowed).length;
          if (decision.allowed) expect(decision.remaining).toBe(stillAllowed);
        }
      }),
    );
  });
});

describe('memoryRateLimitStore', () => {
  it('keeps one bucket per caller', async () => {
    const store = memoryRateLimitStore({ limit: 1, windowMs: 60_000, burst: 1 }, () => 0);
    expect((await store.take('a'))?.allowed).toBe(true);
    expect((await store.take('a'))?.allowed).toBe(false);
    expect((await store.take('b'))?.allowed).toBe(true);
    store.close();
  });
});

describe('addressBucket', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::99', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('puts %s in the bucket %s', (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });
});
