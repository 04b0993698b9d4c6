import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/upstream/http/breaker.js';
import { callDeadline } from '../../src/upstream/http/deadline.js';
import { UpstreamTimeoutError, UpstreamUnavailableError } from '../../src/upstream/http/errors.js';
import { rejectionOf, startUpstreams, type UpstreamFixture } from '../support/upstreams.js';

let fixture: UpstreamFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe('call deadlines are timers we hold', () => {
  // With `AbortSignal.any([parent, AbortSignal.timeout(200)])` none of 100 such signals fired here (Node 20.20).
  it('fires when only its signal is held, across garbage collections', async () => {
    const parent = new AbortController();
    setMaxListeners(0, parent.signal);
    const held = Array.from({ length: 100 }, () => callDeadline(200, parent.signal).signal);
    for (let round = 0; round < 5; round += 1) {
      collectGarbage();
      await sleep(20);
    }
    await sleep(300);
    expect(held.filter((signal) => signal.aborted)).toHaveLength(100);
    expect(held.every((signal) => (signal.reason as DOMException).name === 'TimeoutError')).toBe(true);
  });

  it("follows its parent's abort and lets go of the parent when disposed", () => {
    const parent = new AbortController();
    const followed = callDeadline(10_000, parent.signal);
    const disposed = callDeadline(10_000, parent.signal);
    disposed.dispose();
    parent.abort(new DOMException('the client closed the request', 'AbortError'));
    expect((followed.signal.reason as DOMException).name).toBe('AbortError');
    expect(disposed.signal.aborted).toBe(false);
    followed.dispose();
  });
});

describe('circuit breaker and callers that leave', () => {
  it('keeps the breaker half-open when the probe is abandoned (unit)', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 100, now: () => now });
    breaker.recordFailure();
    now = 100;
    expect(breaker.admit()).toBe(0);
    breaker.releaseProbe();
    expect(breaker.state).toBe('half-open');
    expect(breaker.admit()).toBe(0);
    expect(breaker.admit()).toBeGreaterThan(0);
  });

  it('does not close on a probe whose caller left: the next calls fail fast while one probes', async () => {
    fixture = await startUpstreams({ tuning: { maxRetries: 0, breakerThreshold: 2, breakerOpenMs: 200, callTimeoutMs: 600 } });
    const { simulator, upstreams } = fixture;
    const list = (signal?: AbortSignal) => upstreams.ctrlhub.listInteractions({ limit: 1 }, signal ? { signal } : {});
    simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'status', status: 503 } });
    await rejectionOf(list());
    await rejectionOf(list());
    expect(upstreams.http.ctrlhub.breakerState()).toBe('open');
    await sleep(220);
    simulator.clearFaults();
    simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'hang' } });

    const client = new AbortController();
    const probe = rejectionOf(list(client.signal));
    await sleep(50);
    client.abort(new DOMException('the client closed the request', 'AbortError'));
    expect((await probe).name).toBe('AbortError');
    expect(upstreams.http.ctrlhub.breakerState()).toBe('half-open');

    simulator.requests.clear();
    const started = performance.now();
    const next = await Promise.all([1, 2, 3].map(() => rejectionOf(list()).then((error) => ({ error, ms: performance.now() - started }))));
    const fast = next.filter(({ error }) => error instanceof UpstreamUnavailableError);
    expect(fast).toHaveLength(2);
    for (const { ms } of fast) expect(ms).toBeLessThan(100);
    expect(next.filter(({ error }) => error instanceof UpstreamTimeoutError)).toHaveLength(1);
    expect(simulator.requests.of('ctrlhub')).toHaveLength(1);
  });
});

describe('the deadline bounds the wait for a connection', () => {
  it('ends a call queued behind hung connections at its own deadline', async () => {
    fixture = await startUpstreams({ tuning: { connections: 2, maxRetries: 0, callTimeoutMs: 5_000, headersTimeoutMs: 60_000 } });
    const { simulator, upstreams } = fixture;
    simulator.fault({ upstream: 'ctrlhub', matching: 'limit=7', effect: { kind: 'hang' } });
    const hung = Array.from({ length: 20 }, () => {
      const request = new AbortController();
      setTimeout(() => request.abort(new DOMException('deadline', 'TimeoutError')), 3_000);
      return rejectionOf(upstreams.ctrlhub.listInteractions({ limit: 7 }, { signal: request.signal }));
    });
    await sleep(100);
    const request = new AbortController();
    setTimeout(() => request.abort(new DOMException('deadline', 'TimeoutError')), 300);
    const started = performance.now();
    const error = await rejectionOf(upstreams.ctrlhub.listInteractions({ limit: 1 }, { signal: request.signal }));
    const waited = performance.now() - started;
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect(waited).toBeLessThan(1_000);
    // It never reached the upstream: it was still waiting for a connection.
    expect(simulator.requests.of('ctrlhub').filter((recorded) => recorded.query['limit'] === '1')).toEqual([]);
    await Promise.all(hung);
  });
});
