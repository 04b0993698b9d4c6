import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture, type GatewayOptions } from '../support/gateway.js';
import { propertyRuns } from '../support/property-runs.js';

/**
 * Cross-origin reads (CORS): the browser lets a page of another origin read an answer only when the
 * answer names that origin. By default none is named; `CTRLGRAPH_CORS_ORIGINS` lists those that are.
 */
const APP = 'https://app.example.com';

let gateway: GatewayFixture | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});
async function start(options: GatewayOptions = {}) {
  gateway = await startGateway(options);
  return gateway;
}

const preflight = (fixture: GatewayFixture, origin: string) =>
  fetch(fixture.url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
  });
const query = (fixture: GatewayFixture, origin: string) =>
  fetch(fixture.url, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
const allowance = (response: Response) => ({
  origin: response.headers.get('access-control-allow-origin'),
  credentials: response.headers.get('access-control-allow-credentials'),
});

const ORIGINS = [APP, 'https://evil.example', 'null', 'http://localhost:5173', 'https://app.example.com.evil.example'];

describe('CORS', () => {
  it('by default names no origin, in a preflight or an answer, so no page of another origin reads the graph', async () => {
    const fixture = await start();
    for (const origin of ORIGINS) {
      const seen = { origin, preflight: allowance(await preflight(fixture, origin)), answer: allowance(await query(fixture, origin)) };
      const none = { origin: null, credentials: null };
      expect(seen).toEqual({ origin, preflight: none, answer: none });
    }
  });

  it('names exactly the configured origins, without credentials, and no other', async () => {
    const fixture = await start({ corsOrigins: [APP, 'http://localhost:5173'] });
    for (const origin of ORIGINS) {
      const allowed = origin === APP || origin === 'http://localhost:5173';
      const expected = { origin: allowed ? origin : null, credentials: null };
      const answered = await preflight(fixture, origin);
      expect({ origin, preflight: allowance(answered), answer: allowance(await query(fixture, origin)) }).toEqual({
        origin,
        preflight: expected,
        answer: expected,
      });
      if (allowed) {
        expect(answered.status).toBe(204);
        expect(answered.headers.get('access-control-allow-methods')).toBe('GET, POST');
        expect(answered.headers.get('access-control-allow-headers')).toBe('content-type, authorization');
        expect(answered.headers.get('vary')).toBe('Origin, Access-Control-Request-Headers');
      }
    }
  });

  it('with "*", names whichever origin asks, still without credentials', async () => {
    const fixture = await start({ corsOrigins: ['*'] });
    for (const origin of ORIGINS) expect(allowance(await preflight(fixture, origin))).toEqual({ origin, credentials: null });
  });

  it('varies every answer by Origin once origins are configured, so no cache hands one origin another’s', async () => {
    const fixture = await start({ corsOrigins: [APP] });
    for (const origin of [APP, 'https://evil.example']) {
      expect({ origin, vary: (await query(fixture, origin)).headers.get('vary') }).toEqual({ origin, vary: 'Origin' });
    }
    const sameOrigin = await fetch(fixture.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(sameOrigin.headers.get('vary')).toBe('Origin');
  });

  it('answers preflights outside the rate limit, and lets an allowed page read a refusal and its headers', async () => {
    const fixture = await start({ corsOrigins: [APP], rateLimit: { limit: 2, windowMs: 60_000, burst: 2, trustForwardedFor: false } });
    for (let count = 0; count < 5; count++) expect((await preflight(fixture, APP)).status).toBe(204);
    const answers = [await query(fixture, APP), await query(fixture, APP), await query(fixture, APP)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    for (const answer of answers) {
      expect(allowance(answer)).toEqual({ origin: APP, credentials: null });
      expect(answer.headers.get('access-control-expose-headers')?.split(', ')).toEqual(
        expect.arrayContaining(['x-request-id', 'retry-after', 'ratelimit-remaining']),
      );
    }
  });

  it('answers a preflight 204 without naming any origin when none is configured, API keys or not', async () => {
    const fixture = await start({ apiKeys: ['k_test_0123456789abcdef'] });
    const answered = await preflight(fixture, APP);
    expect({ status: answered.status, ...allowance(answered) }).toEqual({ status: 204, origin: null, credentials: null });
    expect(fixture.requests()).toHaveLength(0);
  });

  it('names an origin only when it is one of those configured, whatever it is (property)', async () => {
    const fixture = await start({ corsOrigins: [APP] });
    const origin = fc.oneof(
      fc.webUrl().map((url) => new URL(url).origin),
      fc.constantFrom(APP, `${APP}/`, `${APP}:443`, 'https://APP.example.com', `${APP}.evil`, 'http://app.example.com', ' ', 'null'),
      fc.string({ maxLength: 30 }).filter((text) => /^[\x21-\x7e]*$/.test(text) && text.length > 0),
    );
    for (const runs of propertyRuns()) {
      await fc.assert(
        fc.asyncProperty(origin, async (sent) => {
          const answered = allowance(await preflight(fixture, sent));
          expect(answered).toEqual({ origin: sent === APP ? APP : null, credentials: null });
        }),
        { ...runs, numRuns: Math.min(runs.numRuns ?? 100, 60) },
      );
    }
  });
});
