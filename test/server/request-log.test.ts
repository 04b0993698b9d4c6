import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/**
 * One `request` line per HTTP request and an `x-request-id` on every answer, whoever writes it: the
 * router's and the body limit's refusals, the rate limit, the app's files, Yoga's own endpoints and
 * GraphQL. Lines logged by Yoga alone left every answer written before it out of the log.
 */
let root: string;
let gateway: GatewayFixture;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ctrlgraph-log-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  // Three GraphQL requests a minute per caller (the tests below send one each, the rate-limit case four).
  gateway = await startGateway({ ui: { directory: root }, rateLimit: { limit: 3, windowMs: 60_000, burst: 3, trustForwardedFor: true } });
});
afterAll(async () => {
  await gateway?.close();
  rmSync(root, { recursive: true, force: true });
});

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** A request exactly as given (fetch() would fix the Host, the path and a GET's body before sending). */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const sent = request(
      { host: gateway.url.hostname, port: gateway.url.port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
      },
    );
    sent.on('error', reject);
    sent.end(options.body);
  });
}

interface RequestLine {
  requestId: string;
  method: string;
  path: string;
  status: number;
  operationName?: string;
  durationMs: number;
  aborted?: true;
}

/** The `request` lines with this id; the line is written as the answer closes, a moment after the client has it. */
async function linesFor(id: string): Promise<RequestLine[]> {
  const find = () =>
    gateway.logs
      .map((line) => JSON.parse(line) as RequestLine & { msg: string })
      .filter((line) => line.msg === 'request' && line.requestId === id);
  for (let waited = 0; waited < 2_000 && find().length === 0; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  return find();
}

const post = (body: unknown, headers: Record<string, string>) =>
  raw('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('every answer has an id and one log line', () => {
  const cases: { name: string; send: (id: string) => Promise<RawAnswer>; path: string; method: string; status: number }[] = [
    {
      name: 'GraphQL',
      send: (id) => post({ query: '{ __typename }' }, { 'x-request-id': id, 'x-forwarded-for': '10.0.0.1' }),
      path: '/graphql',
      method: 'POST',
      status: 200,
    },
    { name: 'health', send: (id) => raw('/healthz', { headers: { 'x-request-id': id } }), path: '/healthz', method: 'GET', status: 200 },
    { name: 'metrics', send: (id) => raw('/metrics', { headers: { 'x-request-id': id } }), path: '/metrics', method: 'GET', status: 200 },
    { name: 'the app', send: (id) => raw('/ui/', { headers: { 'x-request-id': id } }), path: '/ui/', method: 'GET', status: 200 },
    {
      name: 'no route',
      send: (id) => raw('/nothing-here', { headers: { 'x-request-id': id } }),
      path: '/nothing-here',
      method: 'GET',
      status: 404,
    },
    {
      name: 'a Host that is no host',
      send: (id) => raw('/graphql', { headers: { 'x-request-id': id, host: 'a/b' } }),
      path: '/graphql',
      method: 'GET',
      status: 400,
    },
    {
      name: 'a GET with a body',
      send: (id) => raw('/graphql?query={__typename}', { headers: { 'x-request-id': id, 'content-length': '2' }, body: '{}' }),
      path: '/graphql',
      method: 'GET',
      status: 400,
    },
  ];
  it.each(cases)('$name', async ({ send, path, method, status }) => {
    const id = `case-${path.replaceAll('/', '_')}-${status}-${Math.random().toString(36).slice(2)}`;
    const answer = await send(id);
    expect(answer.status).toBe(status);
    expect(answer.headers['x-request-id']).toBe(id);
    const lines = await linesFor(id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ requestId: id, method, path, status });
    expect(lines[0]?.aborted).toBeUndefined();
  });

  it('a rate-limited request', async () => {
    const caller = { 'x-forwarded-for': '10.0.0.2' };
    for (let sent = 0; sent < 3; sent++) expect((await post({ query: '{ __typename }' }, caller)).status).toBe(200);
    const answer = await post({ query: '{ __typename }' }, { ...caller, 'x-request-id': 'over-the-limit' });
    expect(answer.status).toBe(429);
    expect(answer.headers['x-request-id']).toBe('over-the-limit');
    expect(await linesFor('over-the-limit')).toMatchObject([{ path: '/graphql', status: 429 }]);
  });
});

describe('what a line takes from the client', () => {
  it('names a valid operation, never the query string', async () => {
    const query = 'query NamedForTheLog { __typename }';
    const secret = 'do-not-log-me';
    const target = `/graphql?query=${encodeURIComponent(query)}&operationName=NamedForTheLog&variables=${encodeURIComponent(JSON.stringify({ secret }))}`;
    const answer = await raw(target, {
      headers: { 'x-request-id': 'named-get', accept: 'application/json', 'x-forwarded-for': '10.0.0.3', 'x-graphql-csrf': '1' },
    });
    expect(answer.status).toBe(200);
    expect(await linesFor('named-get')).toMatchObject([{ path: '/graphql', operationName: 'NamedForTheLog', status: 200 }]);
    expect(gateway.logs.filter((line) => line.includes(secret))).toEqual([]);
  });

  it('keeps an id of its own for any x-request-id a log search could not take verbatim', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom('a', '-', ' ', '"', '\\', ':', '/', '%', 'é', '\t'), minLength: 1, maxLength: 80 }),
        async (given) => {
          const headerSafe = given.trim() === given && !/[^\t\x20-\x7e]/.test(given);
          fc.pre(headerSafe && !/^[\w.-]{1,64}$/.test(given));
          const answer = await raw('/healthz', { headers: { 'x-request-id': given } });
          const id = answer.headers['x-request-id'];
          expect(id).toMatch(/^[0-9a-f-]{36}$/);
          expect(await linesFor(String(id))).toHaveLength(1);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('leaves out an operation name that could name no operation', async () => {
    for (const [id, operationName] of [
      ['long-name', 'a'.repeat(101)],
      ['junk-name', 'x"}\n{"forged":"line'],
      ['number-name', 42],
    ] as const) {
      await post({ query: '{ __typename }', operationName }, { 'x-request-id': id, 'x-forwarded-for': `10.1.0.${id.length}` });
      const [line] = await linesFor(id);
      expect(line).toBeDefined();
      expect(line?.operationName).toBeUndefined();
    }
  });
});
