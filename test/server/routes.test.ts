import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type Route, routeOf } from '../../src/server/routes.js';
import { CSRF_HEADER } from '../../src/server/query-protection.js';
import { startGateway, type GatewayFixture, type GatewayOptions } from '../support/gateway.js';
import { propertyRuns } from '../support/property-runs.js';

/**
 * Every guard against every spelling of a route. A spelling either is the GraphQL endpoint, and then
 * every guard applies to it, or it is answered 404 before anything executes: no spelling reaches the
 * executor past a guard.
 */
const QUERY = '{ interactions(first: 1) { totalCount } }';
const KEY = 'k_test_0123456789abcdef';

/** Spellings Yoga's own matcher (or a string comparison) could treat as the endpoint, or that a URL parser would normalise to it. */
const OTHER_SPELLINGS = [
  '/graphql/',
  '//graphql',
  '///graphql',
  '/graphql//',
  '/GRAPHQL',
  '/Graphql',
  '/%67raphql',
  '/graphq%6C',
  '/graphql%2F',
  '/graphql%2f',
  '/%2Fgraphql',
  '/./graphql',
  '/graphql/.',
  '/x/../graphql',
  '/%2e/graphql',
  '/graphql;x',
  '/graphql%00',
  '/graphql%20',
  '/graphql\\',
  '/x/graphql',
  '/healthz/graphql',
  '/metrics/../graphql',
  '/?/graphql',
  '/x?q=/graphql',
  'http://localhost/graphql/',
  'http://localhost/graphql',
];
/** Host headers a URL parser would read a path, query, fragment or credentials from. */
const HOSTILE_HOSTS = ['x/graphql?', 'x/graphql#', 'x/graphql', 'x\\graphql', 'x?', 'x#', 'user@x', 'x:1/graphql?', 'x y', ':80', 'x:port'];
/** Hosts of the right characters that the URL parser still refuses: out-of-range ports and addresses. */
const UNPARSABLE_HOSTS = ['localhost:99999', 'x:65536', '256.1.1.1', '1.2.3.4.5', '0x100000000', '[::::]', '[1::2::3]', '[::1'];
const CANONICAL = ['/graphql', '/graphql?', '/graphql?x=1', '/graphql?query=%7B__typename%7D&x=/graphql'];
/** Endpoints answered by Yoga's own plugins, which match on the whole URL, query string included. */
const FIXED_ENDPOINTS = ['/healthz', '/readyz', '/metrics'];
/** What may follow a fixed endpoint's path: each makes the whole URL end in `/graphql`, or carries nothing. */
const ENDPOINT_TAILS = ['?x=/graphql', '?/graphql', '#/graphql', '?a=1&b=/graphql/', '?a=1&b=/graphql?', '?x=1', '?', '#', '?graphql'];
/** An operation whose upstream request names this marker, so a test can tell it never ran. */
const MARKER = 'route-guard-marker';
const MARKED_QUERY = `{ contact(id: "${MARKER}") { id } }`;
const marked = (fixture: GatewayFixture) => fixture.requests().filter((request) => JSON.stringify(request).includes(MARKER));

interface Sent {
  method: 'GET' | 'POST' | 'OPTIONS';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A raw HTTP request: the path goes on the wire exactly as written (fetch would normalise it). */
function send(
  base: URL,
  { method, path, headers = {}, body }: Sent,
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
          ...headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text, headers: response.headers }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const withQuery = (path: string, query = QUERY) => {
  const [pathname, search = ''] = path.split('?');
  const params = new URLSearchParams(search);
  params.set('query', query);
  return `${pathname}?${params.toString()}`;
};

/** The ways a GraphQL operation can arrive at a path. */
const forms = (path: string, query = QUERY): Sent[] => [
  { method: 'POST', path, body: JSON.stringify({ query }), headers: { accept: 'application/json' } },
  { method: 'GET', path: withQuery(path, query), headers: { accept: 'application/json', [CSRF_HEADER]: '1' } },
  { method: 'GET', path: withQuery(path, query), headers: { accept: 'text/html', [CSRF_HEADER]: '1' } },
];

let gateway: GatewayFixture | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function start(options: GatewayOptions): Promise<GatewayFixture> {
  gateway = await startGateway(options);
  return gateway;
}

describe('one route decision for every guard', () => {
  it('answers 404 for every other spelling of the endpoint, in every request form, without executing', async () => {
    const fixture = await start({ apiKeys: [KEY] });
    for (const path of OTHER_SPELLINGS) {
      for (const sent of forms(path)) {
        const { status } = await send(fixture.url, sent);
        expect({ path: sent.path, method: sent.method, status }).toEqual({ path: sent.path, method: sent.method, status: 404 });
      }
    }
    expect(fixture.requests()).toHaveLength(0);
  });

  it('answers health, readiness and metrics whatever query string or fragment follows them, and executes nothing they carry', async () => {
    // The rate limit and the API key apply to the GraphQL route alone: an operation run here would skip both.
    const fixture = await start({ apiKeys: [KEY], rateLimit: { limit: 1, windowMs: 60_000, burst: 1, trustForwardedFor: false } });
    for (const endpoint of FIXED_ENDPOINTS) {
      for (const tail of ENDPOINT_TAILS) {
        for (const sent of forms(`${endpoint}${tail}`, MARKED_QUERY)) {
          const { status, text } = await send(fixture.url, sent);
          expect({ path: sent.path, method: sent.method, status, executed: text.includes('"data"') }).toEqual({
            path: sent.path,
            method: sent.method,
            status: 200,
            executed: false,
          });
        }
      }
    }
    expect(marked(fixture)).toEqual([]);
  });

  it('executes no operation sent to a fixed endpoint, whatever its query string (property)', async () => {
    const fixture = await start({ apiKeys: [KEY] });
    const piece = fc.oneof(
      fc.constantFrom('/graphql', '/graphql/', '/', '?', '#', '&', '=', 'query=', '%2F', '%3F', '/healthz'),
      fc.webSegment(),
    );
    for (const runs of propertyRuns()) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('/healthz', '/metrics'), fc.array(piece, { maxLength: 6 }), async (endpoint, pieces) => {
          const sent: Sent = { ...(forms(`${endpoint}?${pieces.join('')}`, MARKED_QUERY)[0] as Sent) };
          const { status, text } = await send(fixture.url, sent);
          expect({ status, executed: text.includes('"data"') }).toEqual({ status: 200, executed: false });
        }),
        { ...runs, numRuns: Math.min(runs.numRuns ?? 100, 60) },
      );
    }
    expect(marked(fixture)).toEqual([]);
  });

  it("executes a GraphQL request whose query string ends in another endpoint's path", async () => {
    // Yoga's health check matches the end of the whole URL: these answered an empty 200 and ran nothing.
    const fixture = await start({});
    for (const tail of ['/healthz', '/readyz', '/metrics', '/graphql', '/ui/', '/healthz/', '/HEALTHZ', 'x#/healthz', '1&x=/readyz']) {
      const sent: Sent[] = [
        { ...(forms(`/graphql?next=${tail}`, MARKED_QUERY)[0] as Sent) },
        {
          method: 'GET',
          path: `/graphql?query=${encodeURIComponent(MARKED_QUERY)}&next=${tail}`,
          headers: { accept: 'application/json', [CSRF_HEADER]: '1' },
        },
      ];
      for (const request of sent) {
        fixture.resetRequests();
        const { status, text } = await send(fixture.url, request);
        expect({ path: request.path, status, executed: text.includes('"data"'), upstream: marked(fixture).length }).toEqual({
          path: request.path,
          status: 200,
          executed: true,
          upstream: 1,
        });
      }
    }
  });

  it('executes only what the router sent to the GraphQL route, whatever URL Yoga is handed', async () => {
    // The guard under the router: Yoga's own match would run this URL's operation for any route.
    const fixture = await start({});
    const routes: Route[] = ['health', 'readiness', 'metrics', 'graphiql', 'ui', 'not-found', 'bad-host'];
    for (const route of routes) {
      const response = await fixture.yoga.fetch(
        new URL('/graphql', fixture.url),
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: MARKED_QUERY }) },
        { route, deadline: AbortSignal.timeout(5000), afterResponse: () => undefined },
      );
      const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
      expect({ route, status: response.status, data: body.data, code: body.errors?.[0]?.extensions?.code }).toEqual({
        route,
        status: 404,
        data: undefined,
        code: 'NOT_FOUND',
      });
    }
    expect(marked(fixture)).toEqual([]);
  });

  it('requires the API key on every canonical spelling, query strings included', async () => {
    const fixture = await start({ apiKeys: [KEY] });
    for (const path of CANONICAL) {
      for (const sent of forms(path).filter((form) => form.headers?.accept !== 'text/html')) {
        const { status, text } = await send(fixture.url, sent);
        expect({ path: sent.path, status }).toEqual({ path: sent.path, status: 401 });
        expect(JSON.parse(text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
    }
    expect(fixture.requests()).toHaveLength(0);
  });

  it('serves the GraphiQL page to a browser without a key, and never executes the query in its URL', async () => {
    const fixture = await start({ apiKeys: [KEY] });
    const page = await send(fixture.url, { method: 'GET', path: withQuery('/graphql'), headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    expect(fixture.requests()).toHaveLength(0);
  });

  it('serves the same GraphiQL page to every browser, and lets no other site frame it', async () => {
    const fixture = await start({});
    const pages = await Promise.all(
      [0, 1].map(() => send(fixture.url, { method: 'GET', path: '/graphql', headers: { accept: 'text/html' } })),
    );
    expect(pages.map((page) => page.status)).toEqual([200, 200]);
    expect(pages[0]?.text).toBe(pages[1]?.text);
    for (const page of pages) {
      expect({ csp: page.headers['content-security-policy'], frame: page.headers['x-frame-options'] }).toEqual({
        csp: "frame-ancestors 'none'",
        frame: 'DENY',
      });
    }
  });

  it('with GraphiQL off (GRAPHIQL=false), a GET for HTML is a GraphQL request and needs the key', async () => {
    const fixture = await start({ apiKeys: [KEY], graphiql: false });
    const refused = await send(fixture.url, {
      method: 'GET',
      path: withQuery('/graphql'),
      headers: { accept: 'text/html', [CSRF_HEADER]: '1' },
    });
    expect(refused.status).toBe(401);
    const keyed = await send(fixture.url, {
      method: 'GET',
      path: withQuery('/graphql'),
      headers: { accept: 'text/html', [CSRF_HEADER]: '1', authorization: `Bearer ${KEY}` },
    });
    // Past the key, Yoga answers that it cannot write GraphQL results as HTML.
    expect(keyed.status).toBe(406);
  });

  it('queues every canonical spelling behind admission control and lets no other spelling skip the queue', async () => {
    const fixture = await start({ admission: { maxConcurrent: 1, maxWaitMs: 200 } });
    let release: () => void = () => undefined;
    fixture.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'hold', until: new Promise<void>((resolve) => (release = resolve)) } });
    const holding = send(fixture.url, forms('/graphql')[0] as Sent);
    for (let attempt = 0; attempt < 200 && fixture.requests('ctrlhub').length === 0; attempt++) await new Promise((r) => setTimeout(r, 10));
    for (const path of [...CANONICAL, ...OTHER_SPELLINGS]) {
      const { status } = await send(fixture.url, forms(path)[0] as Sent);
      expect({ path, status }).toEqual({ path, status: CANONICAL.includes(path) ? 503 : 404 });
    }
    expect(fixture.requests('ctrlhub')).toHaveLength(1);
    release();
    expect((await holding).status).toBe(200);
  });

  it('applies CSRF prevention to every canonical spelling', async () => {
    const fixture = await start({});
    for (const path of CANONICAL) {
      const { status, text } = await send(fixture.url, { method: 'GET', path: withQuery(path), headers: { accept: 'application/json' } });
      expect({ path, status, code: JSON.parse(text).errors[0].extensions.code }).toEqual({ path, status: 403, code: 'BAD_REQUEST' });
    }
    expect(fixture.requests()).toHaveLength(0);
  });

  it('applies persisted-only mode to every canonical spelling', async () => {
    const fixture = await start({ persisted: { manifest: new Map(), only: true, apq: false } });
    for (const path of CANONICAL) {
      const { text } = await send(fixture.url, forms(path)[0] as Sent);
      expect({ path, code: JSON.parse(text).errors[0].extensions.code }).toEqual({ path, code: 'PERSISTED_QUERY_ONLY' });
    }
    expect(fixture.requests()).toHaveLength(0);
  });

  it('refuses a body on any other method, and a POST body past the limit, closing the connection without reading it', async () => {
    const fixture = await start({ protection: { maxBodyBytes: 2048 } });
    const declared = (method: string, path: string, length: number) =>
      send(fixture.url, {
        method: method as Sent['method'],
        path,
        headers: { 'content-length': String(length), 'content-type': 'application/json' },
        body: 'x'.repeat(Math.min(length, 16)),
      });
    const cases: [string, string, number, number][] = [
      ['OPTIONS', '/graphql', 1_000_000_000, 400],
      ['GET', '/graphql', 10, 400],
      ['GET', '/healthz', 10, 400],
      ['POST', '/graphql', 1_000_000_000, 413],
      ['POST', '/healthz', 1_000_000_000, 413],
    ];
    for (const [method, path, length, status] of cases) {
      const answer = await declared(method, path, length);
      expect({ method, path, status: answer.status, connection: answer.headers.connection }).toEqual({
        method,
        path,
        status,
        connection: 'close',
      });
    }
    expect(fixture.requests()).toHaveLength(0);
  });

  it('bounds the body of a POST to any path', async () => {
    const fixture = await start({ protection: { maxBodyBytes: 2048 } });
    const body = JSON.stringify({ query: QUERY, padding: 'x'.repeat(4096) });
    for (const path of [...CANONICAL, ...OTHER_SPELLINGS]) {
      const { status } = await send(fixture.url, { method: 'POST', path, body });
      expect({ path, status }).toEqual({ path, status: CANONICAL.includes(path) ? 413 : 404 });
    }
  });

  it('keeps every other spelling out of the metrics', async () => {
    const fixture = await start({});
    for (const path of OTHER_SPELLINGS) await send(fixture.url, forms(path)[0] as Sent);
    const metrics = await (await fetch(new URL('/metrics', fixture.url))).text();
    expect(metrics).not.toMatch(/graphql_envelop_request_total\{/);
    expect(fixture.requests()).toHaveLength(0);
  });

  it('refuses a Host header that is more than a host (400) on every path, without executing', async () => {
    // Yoga builds its URL as http://{Host}{target}: `Host: x/graphql#` would make /metrics execute GraphQL.
    const fixture = await start({ apiKeys: [KEY] });
    for (const host of HOSTILE_HOSTS) {
      for (const path of ['/healthz', '/readyz', '/metrics', '/graphql', '/nowhere']) {
        const { status } = await send(fixture.url, { ...(forms(path)[0] as Sent), headers: { host, accept: 'application/json' } });
        expect({ host, path, status }).toEqual({ host, path, status: 400 });
      }
    }
    expect(fixture.requests()).toHaveLength(0);
  });

  it('refuses a host the URL parser cannot read (400 with a code), never a 500 with a stack trace', async () => {
    const fixture = await start({});
    for (const host of UNPARSABLE_HOSTS) {
      for (const path of ['/healthz', '/graphql', '/nowhere']) {
        const { status, text } = await send(fixture.url, { ...(forms(path)[0] as Sent), headers: { host, accept: 'application/json' } });
        expect({ host, path, status, code: JSON.parse(text).errors?.[0]?.extensions?.code }).toEqual({
          host,
          path,
          status: 400,
          code: 'BAD_REQUEST',
        });
      }
    }
    expect(fixture.requests()).toHaveLength(0);
  });

  it('routes a request to a served endpoint only when the URL Yoga builds from it parses to that endpoint (property)', () => {
    const endpoints: Partial<Record<Route, string>> = {
      graphql: '/graphql',
      graphiql: '/graphql',
      health: '/healthz',
      readiness: '/readyz',
      metrics: '/metrics',
    };
    const address = fc.oneof(
      fc.constantFrom('localhost', '127.0.0.1', '256.1.1.1', '1.2.3.4.5', '0x100000000', '[::1]', '[::::]', '[1::2::3]', 'x..y', '-x'),
      fc.ipV4(),
      fc.ipV4Extended(),
      fc.ipV6().map((ip) => `[${ip}]`),
      fc.domain(),
    );
    const port = fc.option(
      fc.integer({ min: 0, max: 200_000 }).map((number) => `:${number}`),
      { nil: '' },
    );
    const targetPiece = fc.constantFrom('/graphql', '/healthz', '/readyz', '/metrics', '?', '#', '/', '%2F', 'x', '..', '\\');
    for (const runs of propertyRuns()) {
      fc.assert(
        fc.property(address, port, fc.array(targetPiece, { minLength: 1, maxLength: 4 }), (name, portText, targetPieces) => {
          const host = `${name}${portText}`;
          const target = targetPieces.join('');
          const route = routeOf({ method: 'POST', url: target, headers: { host, accept: 'application/json' } }, { graphiql: true });
          const endpoint = endpoints[route];
          if (endpoint === undefined) return;
          expect(new URL(`http://${host}${target}`).pathname).toBe(endpoint);
        }),
        runs,
      );
    }
  });

  it('serves every spelling of a host and port', async () => {
    const fixture = await start({ apiKeys: [KEY] });
    for (const host of ['localhost', `localhost:${fixture.url.port}`, '127.0.0.1:1', '[::1]:80', 'graph.example.com', 'LOCALHOST']) {
      const sent = forms('/graphql')[0] as Sent;
      const { status } = await send(fixture.url, { ...sent, headers: { ...sent.headers, host, authorization: `Bearer ${KEY}` } });
      expect({ host, status }).toEqual({ host, status: 200 });
    }
  });

  it('routes by the exact path only (unit)', () => {
    const route = (url: string, accept = 'application/json', method = 'POST', graphiql = true) =>
      routeOf({ method, url, headers: { accept } }, { graphiql });
    expect(OTHER_SPELLINGS.map((path) => route(path))).toEqual(OTHER_SPELLINGS.map(() => 'not-found'));
    expect(CANONICAL.map((path) => route(path))).toEqual(CANONICAL.map(() => 'graphql'));
    expect(route('/graphql', 'text/html', 'GET')).toBe('graphiql');
    expect(route('/graphql', 'text/html', 'GET', false)).toBe('graphql');
    expect(route('/graphql', 'text/html', 'POST')).toBe('graphql');
    expect([route('/healthz'), route('/readyz'), route('/metrics'), route('/metrics/'), route('')]).toEqual([
      'health',
      'readiness',
      'metrics',
      'not-found',
      'not-found',
    ]);
  });
});

describe('one route decision with the built UI served (CTRLGRAPH_UI_DIR)', () => {
  let build: string;
  afterEach(() => rmSync(build, { recursive: true, force: true }));
  async function startWithUi(): Promise<GatewayFixture> {
    build = mkdtempSync(join(tmpdir(), 'ctrlgraph-routes-ui-'));
    writeFileSync(join(build, 'index.html'), '<!doctype html><title>app</title>');
    return start({ apiKeys: [KEY], ui: { directory: build } });
  }

  /** Paths under /ui/ that a URL parser resolves to another endpoint, which Yoga would then serve. */
  const LEAVING_UI = [
    '/ui/../graphql',
    '/ui/%2e%2e/graphql',
    '/ui/%2E%2E/graphql',
    '/ui/.%2e/graphql',
    '/ui/..\\graphql',
    '/ui/x/../../graphql',
    '/ui/./../graphql',
    '/ui/../metrics',
    '/ui/../healthz',
    '/ui\\..\\graphql',
  ];

  it('answers 404 for every path that leaves /ui/ once parsed, in every request form, without executing', async () => {
    const fixture = await startWithUi();
    for (const path of LEAVING_UI) {
      for (const sent of forms(path)) {
        const { status } = await send(fixture.url, sent);
        expect({ path: sent.path, method: sent.method, status }).toEqual({ path: sent.path, method: sent.method, status: 404 });
      }
    }
    expect(fixture.requests()).toHaveLength(0);
  });

  it('still requires the API key at /graphql and serves the app without one', async () => {
    const fixture = await startWithUi();
    expect((await send(fixture.url, forms('/graphql')[0] as Sent)).status).toBe(401);
    expect((await send(fixture.url, { method: 'GET', path: '/ui/', headers: { accept: 'text/html' } })).status).toBe(200);
    expect(fixture.requests()).toHaveLength(0);
  });

  it('routes /ui and what is below it to the app, and nothing a parser would move elsewhere (unit)', () => {
    const route = (url: string, host?: string) =>
      routeOf({ method: 'GET', url, headers: { accept: 'text/html', host } }, { graphiql: true, ui: true });
    expect(LEAVING_UI.map((path) => route(path))).toEqual(LEAVING_UI.map(() => 'not-found'));
    expect(['/ui', '/ui/', '/ui/assets/app.js', '/ui/contacts/Q29udGFjdDpjLTE%3D'].map((path) => route(path))).toEqual([
      'ui',
      'ui',
      'ui',
      'ui',
    ]);
    expect(['', ...HOSTILE_HOSTS].map((host) => route('/ui/', host))).toEqual(['', ...HOSTILE_HOSTS].map(() => 'bad-host'));
  });
});
