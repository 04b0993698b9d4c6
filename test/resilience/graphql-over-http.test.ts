import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../src/server/query-protection.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

let gateway: GatewayFixture;
let compiled: GatewayFixture;
beforeAll(async () => {
  [gateway, compiled] = await Promise.all([startGateway({ jit: false }), startGateway({ jit: true })]);
});
afterAll(() => Promise.all([gateway.close(), compiled.close()]));

/** A client of a CSRF-protected server: every request carries the CSRF header. */
const csrfAwareFetch: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set(CSRF_HEADER, '1');
  return fetch(input, { ...init, headers });
};

it.each([
  ['the interpreter', () => gateway],
  ['compiled execution (CTRLGRAPH_JIT)', () => compiled],
])('passes every audit of the GraphQL-over-HTTP suite (graphql-http) against the live server on %s', async (_executor, server) => {
  const target = server();
  const results = await auditServer({ url: target.url.href, fetchFn: csrfAwareFetch });
  const failing = results
    .filter((result) => result.status !== 'ok')
    .map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`);
  console.info(`graphql-http audits: ${results.length - failing.length}/${results.length} passed`);
  expect(results.length).toBeGreaterThanOrEqual(61);
  expect(failing).toEqual([]);
  expect(gateway.requests()).toHaveLength(0);
});

it('refuses a GET query without the CSRF header (a cross-site form or image could send one)', async () => {
  const url = new URL(gateway.url);
  url.searchParams.set('query', '{ __typename }');
  const response = await fetch(url);
  expect(response.status).toBe(403);
  const allowed = await fetch(url, { headers: { [CSRF_HEADER]: '1', accept: 'application/graphql-response+json' } });
  expect(await allowed.json()).toEqual({ data: { __typename: 'Query' } });
});
