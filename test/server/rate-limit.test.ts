import { afterEach, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

let gateway: GatewayFixture | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const QUERY = { query: '{ interactions(first: 1) { edges { node { ctrlHubId } } } }' };
const KEY_A = 'key-a-0123456789abcdef';
const KEY_B = 'key-b-0123456789abcdef';
const limited = (limit: number, windowMs = 60_000, more: { trustForwardedFor?: boolean } = {}) => ({
  limit,
  windowMs,
  burst: limit,
  trustForwardedFor: more.trustForwardedFor ?? false,
});

async function post(fixture: GatewayFixture, headers: Record<string, string> = {}) {
  const response = await fetch(fixture.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(QUERY),
  });
  await response.arrayBuffer();
  return response;
}

describe('CTRLGRAPH_RATE_LIMIT in one instance (in memory)', () => {
  it('refuses the request over the limit with 429, Retry-After and RateLimit headers, before any upstream call', async () => {
    gateway = await startGateway({ rateLimit: limited(2) });
    const first = await post(gateway);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect((await post(gateway)).status).toBe(200);
    gateway.resetRequests();

    const refused = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(QUERY),
    });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      errors: [{ message: 'Too many requests: at most 2 per 60 s; retry in 30 s', extensions: { code: 'RATE_LIMITED' } }],
    });
    expect(Object.fromEntries([...refused.headers].filter(([name]) => /^(retry-after|ratelimit-)/.test(name)))).toEqual({
      'retry-after': '30',
      'ratelimit-limit': '2',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '60',
      'ratelimit-policy': '2;w=60;burst=2',
    });
    expect(gateway.requests()).toHaveLength(0);
  });

  it('allows a refused caller again once Retry-After has passed', async () => {
    gateway = await startGateway({ rateLimit: limited(2, 400) });
    await post(gateway);
    await post(gateway);
    expect((await post(gateway)).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 220));
    expect((await post(gateway)).status).toBe(200);
  });

  it('counts each API key on its own, and an unknown key as its address', async () => {
    gateway = await startGateway({ rateLimit: limited(1), apiKeys: [KEY_A, KEY_B] });
    expect((await post(gateway, { authorization: `Bearer ${KEY_A}` })).status).toBe(200);
    expect((await post(gateway, { authorization: `Bearer ${KEY_A}` })).status).toBe(429);
    expect((await post(gateway, { authorization: `Bearer ${KEY_B}` })).status).toBe(200);
    // Made-up keys buy no fresh allowance: they all count against the one address, then fail authentication.
    expect((await post(gateway, { authorization: 'Bearer made-up-key-1' })).status).toBe(401);
    expect((await post(gateway, { authorization: 'Bearer made-up-key-2' })).status).toBe(429);
  });

  it('limits only requests that execute GraphQL: health, readiness, metrics and the GraphiQL page stay open', async () => {
    gateway = await startGateway({ rateLimit: limited(1) });
    expect((await post(gateway)).status).toBe(200);
    expect((await post(gateway)).status).toBe(429);
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const response = await fetch(new URL(path, gateway.url));
      expect([path, response.status]).toEqual([path, 200]);
    }
    const page = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const byGet = await fetch(new URL('/graphql?query=%7B__typename%7D', gateway.url));
    expect(byGet.status).toBe(429);
  });

  describe('client address behind a load balancer (CTRLGRAPH_RATE_LIMIT_TRUST_FORWARDED_FOR)', () => {
    it('ignores X-Forwarded-For unless told to trust it', async () => {
      gateway = await startGateway({ rateLimit: limited(1) });
      expect((await post(gateway, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(200);
      expect((await post(gateway, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(429);
    });

    it.each([
      ['the last hop, which the load balancer wrote', ['198.51.100.9, 203.0.113.1', '198.51.100.10, 203.0.113.2'], [200, 200]],
      ['one bucket for hops the client prefixed', ['10.0.0.1, 203.0.113.1', '10.0.0.2, 203.0.113.1'], [200, 429]],
      ['one bucket per IPv6 /64', ['2001:db8:1:2::1', '2001:db8:1:2:ffff::7'], [200, 429]],
      ['the socket address when the last hop is not an address', ['203.0.113.1, not-an-ip', 'garbage'], [200, 429]],
      [
        'the address of a hop written with its port (IPv4)',
        ['203.0.113.1:51000', '203.0.113.2:51000', '203.0.113.1:52000'],
        [200, 200, 429],
      ],
      [
        'the address of a hop written with its port (IPv6)',
        ['[2001:db8:1::1]:51000', '[2001:db8:2::1]:51000', '2001:db8:1::9'],
        [200, 200, 429],
      ],
      ['the address of a bracketed IPv6 hop', ['[2001:db8:1::1]', '[2001:db8:2::1]', '2001:db8:2::2'], [200, 200, 429]],
      ['one bucket for an IPv4 address and its IPv4-mapped IPv6 form', ['::ffff:203.0.113.1', '203.0.113.1'], [200, 429]],
      ['the socket address for a port without an address', [':51000', '[not-an-ip]:1', '203.0.113.1:port'], [200, 429, 429]],
    ])('buckets by %s', async (_, forwarded, statuses) => {
      gateway = await startGateway({ rateLimit: limited(1, 60_000, { trustForwardedFor: true }) });
      const seen = [];
      for (const header of forwarded) seen.push((await post(gateway, { 'x-forwarded-for': header })).status);
      expect(seen).toEqual(statuses);
    });
  });
});
