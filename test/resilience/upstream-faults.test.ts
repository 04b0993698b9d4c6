import { afterEach, describe, expect, it } from 'vitest';
import { ContactCustomerInteractionsOnlyDocument, InteractionsPageDocument } from '../__generated__/graphql.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

let gateway: GatewayFixture | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const linkedContact = (fixture: GatewayFixture) =>
  fixture.simulator.data.alpharun.contacts.find((contact) => contact.ext_id)?.ext_id as string;

describe('upstream faults, end to end', () => {
  it('retries a 429 with Retry-After: 1 once, after at least a second, and answers', async () => {
    gateway = await startGateway();
    gateway.simulator.fault({ upstream: 'ctrlhub', times: 1, effect: { kind: 'status', status: 429, retryAfter: '1' } });
    const result = await gateway.execute(InteractionsPageDocument, { first: 3, withTotal: true });
    expect(result.errors).toBeUndefined();
    expect(result.data?.interactions?.edges).toHaveLength(3);
    const [limited, retried, ...rest] = gateway.requests('ctrlhub');
    expect([limited?.status, retried?.status, rest.length]).toEqual([429, 200, 0]);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('ends a request whose upstream never answers at the request deadline, with UPSTREAM_TIMEOUT', async () => {
    gateway = await startGateway({ requestTimeoutMs: 1000, tuning: { headersTimeoutMs: 60_000, callTimeoutMs: 60_000 } });
    gateway.simulator.fault({ upstream: 'alpharun', effect: { kind: 'hang' } });
    const started = Date.now();
    const result = await gateway.execute(ContactCustomerInteractionsOnlyDocument, { id: linkedContact(gateway) });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(2500);
    expect(result.data?.contact?.firstName).toBeTruthy();
    expect(result.errors?.[0]).toMatchObject({
      path: ['contact', 'customerInteractions'],
      extensions: { code: 'UPSTREAM_TIMEOUT', upstream: 'alpharun' },
    });
  });

  it('opens the circuit after repeated failures, stops calling the upstream, and closes once it recovers', async () => {
    gateway = await startGateway({ tuning: { breakerThreshold: 3, breakerOpenMs: 400, maxRetries: 0 } });
    const query = () => gateway!.execute(ContactCustomerInteractionsOnlyDocument, { id: linkedContact(gateway!) });
    gateway.simulator.fault({ upstream: 'alpharun', effect: { kind: 'status', status: 502 } });
    for (let i = 0; i < 3; i += 1) expect((await query()).errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: 502 });
    expect(gateway.requests('alpharun')).toHaveLength(3);

    const whileOpen = await query();
    expect(whileOpen.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'alpharun' });
    expect(whileOpen.data?.contact?.firstName).toBeTruthy();
    expect(gateway.requests('alpharun')).toHaveLength(3);

    gateway.simulator.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 450));
    const recovered = await query();
    expect(recovered.errors).toBeUndefined();
    expect(gateway.upstreams.http.alpharun.breakerState()).toBe('closed');
  });

  it('aborts upstream calls when the client disconnects', async () => {
    gateway = await startGateway();
    gateway.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'latency', delayMs: 3000 } });
    const controller = new AbortController();
    const pending = fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ interactions(first: 5) { edges { cursor } } }' }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    while (gateway.requests('ctrlhub').length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await pending;
    await expect.poll(() => gateway?.requests('ctrlhub')[0]?.abandoned, { timeout: 1000 }).toBe(true);
    // A client leaving is expected: logged at debug, never as an error.
    await expect.poll(() => gateway?.logs.some((line) => line.includes('request aborted by the client')), { timeout: 1000 }).toBe(true);
    expect(gateway.logs.filter((line) => line.includes('"level":50'))).toEqual([]);
  });
});
