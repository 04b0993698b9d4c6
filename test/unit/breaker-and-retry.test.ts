import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/upstream/http/breaker.js';
import { parseRetryAfter, retryDelayMs } from '../../src/upstream/http/retry.js';

function clockedBreaker() {
  let now = 1_000;
  const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 500, now: () => now });
  return { breaker, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold and opens on the threshold-th consecutive failure', () => {
    const { breaker } = clockedBreaker();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.admit()).toBe(0);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.admit()).toBe(500);
  });

  it('forgets failures after a success', () => {
    const { breaker } = clockedBreaker();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
  });

  it('lets exactly one probe through once open time has passed; its success closes the breaker', () => {
    const { breaker, advance } = clockedBreaker();
    for (let i = 0; i < 3; i += 1) breaker.recordFailure();
    advance(300);
    expect(breaker.admit()).toBe(200);
    advance(200);
    expect(breaker.state).toBe('half-open');
    expect(breaker.admit()).toBe(0);
    expect(breaker.admit()).toBeGreaterThan(0);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
  });

  it('re-opens for a full period when the probe fails', () => {
    const { breaker, advance } = clockedBreaker();
    for (let i = 0; i < 3; i += 1) breaker.recordFailure();
    advance(500);
    expect(breaker.admit()).toBe(0);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.admit()).toBe(500);
  });
});

describe('retry timing', () => {
  it('waits what the upstream said when it said it', () => {
    expect(retryDelayMs(3, { baseDelayMs: 100, maxDelayMs: 1000 }, 2500)).toBe(2500);
  });

  it('backs off exponentially with jitter in the upper half, capped by the maximum', () => {
    const timing = { baseDelayMs: 100, maxDelayMs: 1000 };
    for (const [retry, ceiling] of [
      [0, 100],
      [1, 200],
      [2, 400],
      [5, 1000],
    ] as const) {
      for (let sample = 0; sample < 50; sample += 1) {
        const delay = retryDelayMs(retry, timing, undefined);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it.each([
    ['delta-seconds', '7', 7000],
    ['an HTTP date', 'Thu, 01 Jan 2026 00:00:10 GMT', 10_000],
    ['a date in the past', 'Thu, 01 Jan 2026 00:00:00 GMT', 0],
    ['the obsolete RFC 850 date', 'Thursday, 01-Jan-26 00:00:20 GMT', 20_000],
    ['the obsolete asctime date', 'Thu Jan  1 00:00:30 2026', 30_000],
    ['garbage', 'soon', undefined],
    ['nothing', undefined, undefined],
    // Numbers that are not delta-seconds: Date.parse read `1.5` as 5 January 2001, an immediate retry.
    ['a fraction', '1.5', undefined],
    ['a negative number', '-1', undefined],
    ['a fraction below one', '0.9', undefined],
    ['an exponent', '1e3', undefined],
    ['a number too large to wait for', '99999999999999999999999', 86_400_000],
    ['a date years ahead', 'Fri, 01 Jan 2100 00:00:00 GMT', 86_400_000],
  ])('reads Retry-After given as %s', (_name, value, expected) => {
    expect(parseRetryAfter(value, Date.parse('2026-01-01T00:00:00Z'))).toBe(expected);
  });

  it('never waits outside 0 to 24 hours, nor reads a value without a month name as a date (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.double().map(String),
          fc.integer().map(String),
          fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
        ),
        (value) => {
          const delay = parseRetryAfter(value, Date.parse('2026-01-01T00:00:00Z'));
          if (delay === undefined) return;
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(86_400_000);
          expect(/^\s*\d+\s*$/.test(value) || /(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/.test(value)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
