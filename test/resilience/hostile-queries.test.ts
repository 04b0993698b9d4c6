import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../src/server/query-protection.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());

afterEach(async () => {
  // Whatever was just rejected cost the upstreams nothing, and the server still answers.
  expect(gateway.requests()).toHaveLength(0);
  const { body } = await gateway.post({ query: '{ interactions(first: 1) { edges { cursor } } }' });
  expect(body.errors).toBeUndefined();
  gateway.resetRequests();
});

const deep = (levels: number) => `{ ${'interactions(first: 1) { edges { node { contact { '.repeat(levels)}id${' } } } }'.repeat(levels)} }`;

async function rejected(body: string | object, expected: { status?: number; message: RegExp; code?: string }) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (expected.status) expect(response.status).toBe(expected.status);
  const text = await response.text();
  expect(text).toMatch(expected.message);
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  if (expected.code)
    expect(JSON.parse(text).errors.map((error: { extensions: { code: string } }) => error.extensions.code)).toEqual([expected.code]);
  return text;
}

describe('hostile queries are refused before any upstream call', () => {
  it('refuses a query 50 levels deep', () =>
    rejected(
      { query: deep(13) },
      { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /"Query depth limit of 15 exceeded, found 53\."/ },
    ));

  const aliases = (count: number) =>
    `{ ${Array.from({ length: count }, (_, i) => `a${i}: interactions(first: 1) { totalCount }`).join(' ')} }`;

  // 1,000 aliased fields are also 8,000 tokens, so whichever limit is checked first refuses them.
  it('refuses 1,000 aliases', () =>
    rejected({ query: aliases(1000) }, { message: /Aliases limit of 30 exceeded|Token limit of 5000 exceeded/ }));

  it('refuses one alias more than the limit', () =>
    rejected(
      { query: aliases(31) },
      { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /"Aliases limit of 30 exceeded, found 31\."/ },
    ));

  it('refuses one directive more than the limit', () =>
    rejected(
      { query: `{ ${'__typename @include(if: true) '.repeat(51)}}` },
      { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /"Directives limit of 50 exceeded, found 51\."/ },
    ));

  it('refuses a page of 100,000', () =>
    rejected(
      { query: '{ interactions(first: 100000) { edges { cursor } } }' },
      { message: /`first` must be between 0 and 500, got 100000/ },
    ));

  it('refuses a cost bomb of nested connections, saying what it costs', async () => {
    const text = await rejected(
      {
        query:
          '{ interactions(first: 500) { edges { node { contact { interactions(first: 500) { edges { node { account { interactions(first: 500) { edges { cursor } } } } } } } } } } }',
      },
      { message: /This query is too expensive: its complexity is \d+, the limit is 50000/ },
    );
    expect(JSON.parse(text).errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a 10 MB body without reading it', () =>
    rejected(JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(10 * 1024 * 1024) }), {
      status: 413,
      message: /larger than 1048576 bytes/,
    }));

  it('refuses a streamed body without Content-Length, whatever its size (Yoga does not count bodies again)', async () => {
    for (const size of [10, 2 * 1024 * 1024]) {
      const payload = new TextEncoder().encode(JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(size) }));
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(payload);
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit & { duplex: 'half' });
      expect({ size, status: response.status }).toEqual({ size, status: 411 });
      expect(await response.text()).toMatch(/Content-Length/);
    }
  });

  it('refuses invalid JSON', () => rejected('{"query": "{ __typename }"', { status: 400, message: /JSON/ }));

  it('refuses too many tokens', () =>
    rejected(
      { query: `{ ${'__typename '.repeat(6000)}}` },
      { status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /Token limit of 5000 exceeded/ },
    ));

  it('refuses a mutation over GET', async () => {
    const url = new URL(gateway.url);
    url.searchParams.set('query', 'mutation { __typename }');
    const response = await fetch(url, { headers: { [CSRF_HEADER]: '1', accept: 'application/graphql-response+json' } });
    expect(response.status).toBe(405);
  });

  it('refuses an unknown operation name', () =>
    rejected(
      { query: 'query A { __typename } query B { __typename }', operationName: 'C' },
      { message: /Could not determine what operation to execute/ },
    ));

  it('refuses a field that does not exist without suggesting names when introspection is off', async () => {
    const closed = await startGateway({ protection: { introspection: false } });
    try {
      const { body } = await closed.post({ query: '{ interactionz { totalCount } }' });
      expect(JSON.stringify(body)).not.toContain('Did you mean');
      const introspection = await closed.post({ query: '{ __schema { types { name } } }' });
      expect(introspection.body.errors?.[0]?.message).toMatch(/introspection/i);
    } finally {
      await closed.close();
    }
  });
});
