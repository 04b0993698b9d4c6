import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/**
 * Deadlines are timers we hold, so garbage collection cannot lose them: `AbortSignal.timeout()`
 * referenced only from `AbortSignal.any()` was collected under load and requests hung past it.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

let gateway: GatewayFixture | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** Allocates without pause and collects every 200 ms until `done` settles, the way a busy gateway's heap churns. */
async function churn(done: Promise<unknown>): Promise<number> {
  let settled = false;
  let collections = 0;
  let collectedAt = performance.now();
  void done.finally(() => (settled = true));
  while (!settled) {
    let garbage: unknown[] = [];
    for (let index = 0; index < 2_000; index += 1) garbage.push({ index, text: `x${index}`, list: [index] });
    garbage = [];
    if (performance.now() - collectedAt > 200) {
      collectGarbage();
      collections += 1;
      collectedAt = performance.now();
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return collections;
}

// Requests end at the 1 s deadline plus what a busy shared test machine adds; a lost deadline would
// leave them to the 8 s headers timeout.
async function timedRequests(fixture: GatewayFixture, count: number) {
  const started = performance.now();
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const { body } = await fixture.post({ query: `{ interactions(first: ${index + 1}) { totalCount } }` });
      return { ms: performance.now() - started, code: body.errors?.[0]?.extensions?.code };
    }),
  );
}

describe('deadlines under allocation and garbage collection', () => {
  it('ends every upstream call at its call deadline (UPSTREAM_CALL_TIMEOUT_MS) against a hanging upstream', async () => {
    gateway = await startGateway({
      requestTimeoutMs: 60_000,
      tuning: { callTimeoutMs: 1_000, headersTimeoutMs: 8_000, bodyTimeoutMs: 8_000, maxRetries: 0, breakerThreshold: 1_000 },
    });
    gateway.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'hang' } });
    const answers = timedRequests(gateway, 30);
    const collections = await churn(answers);
    const settled = await answers;

    expect(collections).toBeGreaterThan(3);
    for (const { ms, code } of settled) {
      expect(code).toBe('UPSTREAM_TIMEOUT');
      expect(ms).toBeLessThan(4_500);
    }
  });

  it('ends every request at its request deadline (CTRLGRAPH_REQUEST_TIMEOUT_MS) against a hanging upstream', async () => {
    gateway = await startGateway({
      requestTimeoutMs: 1_000,
      tuning: { callTimeoutMs: 8_000, headersTimeoutMs: 8_000, bodyTimeoutMs: 8_000, maxRetries: 0, breakerThreshold: 1_000 },
    });
    gateway.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'hang' } });
    const answers = timedRequests(gateway, 30);
    await churn(answers);
    for (const { ms, code } of await answers) {
      expect(code).toBe('UPSTREAM_TIMEOUT');
      expect(ms).toBeLessThan(4_500);
    }
  });
});

describe('a hung upstream does not starve healthy requests', () => {
  it('answers a healthy query within its deadline while 200 requests hang on the same upstream', async () => {
    const fixture = await startGateway({ requestTimeoutMs: 2_000, tuning: { maxRetries: 0, breakerThreshold: 1_000 } });
    gateway = fixture;
    fixture.simulator.fault({ upstream: 'ctrlhub', matching: 'hang-me', effect: { kind: 'hang' } });
    const hung = Array.from({ length: 200 }, () =>
      fixture.post({ query: '{ interactions(first: 1, filter: { ids: ["hang-me"] }) { totalCount } }' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = performance.now();
    const healthy = await fixture.post({ query: '{ interactions(first: 1) { totalCount } }' });
    const waited = performance.now() - started;
    // Bounded by the deadlines (the hung requests' free their connections, its own ends its wait), with room
    // for the 200 time-outs this process answers meanwhile: answered, or refused with UPSTREAM_TIMEOUT; never 14 s.
    expect(waited).toBeLessThan(5_000);
    for (const error of healthy.body.errors ?? []) expect(error.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    for (const { body } of await Promise.all(hung)) expect(body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
  });
});
