import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway({ readinessFreshMs: 0, tuning: { maxRetries: 0, connectTimeoutMs: 500 } });
});
afterAll(() => gateway.close());

const get = (path: string) => fetch(new URL(path, gateway.url));

it('answers /healthz while the process is up', async () => {
  expect((await get('/healthz')).status).toBe(200);
});

it('is ready when both upstreams answer a probe, and not ready when one stops', async () => {
  expect((await get('/readyz')).status).toBe(200);
  expect(gateway.requests('ctrlhub').some((request) => request.query.limit === '1')).toBe(true);
  expect(gateway.requests('alpharun').some((request) => request.path === '/api/v1/contacts')).toBe(true);
  gateway.simulator.fault({ upstream: 'alpharun', effect: { kind: 'status', status: 503 } });
  expect((await get('/readyz')).status).toBe(503);
  gateway.simulator.clearFaults();
  expect((await get('/readyz')).status).toBe(200);
});

it('returns a request id with every response', async () => {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-42' },
    body: '{"query":"{ __typename }"}',
  });
  expect(response.headers.get('x-request-id')).toBe('trace-me-42');
  expect(gateway.logs.some((line) => line.includes('"requestId":"trace-me-42"') && line.includes('"status":200'))).toBe(true);
});
