import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/**
 * The gateway serving a built single-page app at /ui/ (CTRLGRAPH_UI_DIR), against a build made
 * here: an index.html, a hashed asset, and next to the build a secret that must never be served.
 */
const SECRET = 'SECRET-OUTSIDE-THE-BUILD';
const INDEX = '<!doctype html><title>app</title><script type="module" src="/ui/assets/app-1a2b3c.js"></script>';
const ASSET = 'console.log("app");';

let root: string;
let build: string;
let gateway: GatewayFixture;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ctrlgraph-ui-'));
  build = join(root, 'dist');
  mkdirSync(join(build, 'assets'), { recursive: true });
  writeFileSync(join(build, 'index.html'), INDEX);
  writeFileSync(join(build, 'assets', 'app-1a2b3c.js'), ASSET);
  writeFileSync(join(build, '.env'), SECRET);
  writeFileSync(join(root, 'secret.txt'), SECRET);
  writeFileSync(join(root, 'package.json'), SECRET);
  symlinkSync(join(root, 'secret.txt'), join(build, 'link.txt'));
  symlinkSync(root, join(build, 'up'));
  gateway = await startGateway({ ui: { directory: build } });
});
afterAll(async () => {
  await gateway?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A request with the path exactly as given: fetch() would normalise `..` and encodings before sending. */
function raw(
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: gateway.url.hostname, port: gateway.url.port, path, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** What any path may get: a file of the build, the app's index.html, or a refusal — never a byte from elsewhere. */
function expectContained(answer: { status: number; body: string }) {
  expect(answer.body).not.toContain(SECRET);
  if (answer.status === 200) expect([INDEX, ASSET]).toContain(answer.body);
  else expect([400, 404]).toContain(answer.status);
}

describe('the built UI at /ui/', () => {
  it('serves index.html at /ui/ with a content security policy that keeps the app on its own origin', async () => {
    const answer = await raw('/ui/');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(INDEX);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
    expect(answer.headers['content-security-policy']).toContain("connect-src 'self'");
  });

  it('serves hashed assets with their content type, cached for good', async () => {
    const answer = await raw('/ui/assets/app-1a2b3c.js');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(ASSET);
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it("answers the app's own routes (no file, no extension) with index.html, and a missing file with 404", async () => {
    expect(await raw('/ui/contacts/Q29udGFjdDpjLTE%3D')).toMatchObject({ status: 200, body: INDEX });
    expect(await raw('/ui/assets/missing-0000.js')).toMatchObject({ status: 404 });
  });

  it.each([
    '/ui/graphql',
    '/ui/?x=/graphql',
    '/ui/login?redirect=/graphql',
    '/ui/login?redirect=/healthz',
    '/ui/contacts?next=/readyz',
    '/ui/x#/graphql',
  ])("serves the app's page at %s, whatever its query string names, to a browser", async (path) => {
    // Yoga's own GraphiQL and health plugins match the end of the whole URL; the app's URLs must not reach them.
    const answer = await raw(path, 'GET', { accept: 'text/html' });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: INDEX });
  });

  it('redirects /ui to /ui/, keeping the query percent-encoded and dropping the fragment', async () => {
    const answer = await raw('/ui?account=a-1');
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe('/ui/?account=a-1');
    expect((await raw('/ui?a="<>#frag')).headers.location).toBe('/ui/?a=%22%3C%3E');
  });

  it('refuses a declared body past the limit before serving the app (413, connection closed)', async () => {
    const answer = await raw('/ui/', 'POST', { 'content-length': '1000000000' });
    expect({ status: answer.status, connection: answer.headers.connection }).toEqual({ status: 413, connection: 'close' });
  });

  it('answers HEAD with the headers and no body, and refuses other methods with 405', async () => {
    const head = await raw('/ui/assets/app-1a2b3c.js', 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const answer = await raw('/ui/index.html', method);
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD');
    }
  });

  it('leaves /graphql to the graph', async () => {
    const { status, body } = await gateway.post({ query: '{ __typename }' });
    expect(status).toBe(200);
    expect(body.data).toEqual({ __typename: 'Query' });
  });

  it.each([
    '/ui/../secret.txt',
    '/ui/..%2fsecret.txt',
    '/ui/..%2Fsecret.txt',
    '/ui/%2e%2e/secret.txt',
    '/ui/%2e%2e%2fsecret.txt',
    '/ui/.%2e/secret.txt',
    '/ui/assets/..%2f..%2fsecret.txt',
    '/ui/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/ui/..%5csecret.txt',
    '/ui/..\\secret.txt',
    '/ui/%252e%252e%252fsecret.txt',
    '/ui/%c0%ae%c0%ae/secret.txt',
    '/ui/%ff',
    '/ui/link.txt',
    '/ui/up/secret.txt',
    '/ui/up%2fsecret.txt',
    '/ui/.env',
    '/ui/%2eenv',
    '/ui//etc/passwd',
    '/ui/%2fetc%2fpasswd',
    '/ui/index.html%00.txt',
    '/ui/%00',
    '//ui/../secret.txt',
  ])('never serves a file from outside the build: %s', async (path) => {
    expectContained(await raw(path));
  });

  it('never serves a file from outside the build, whatever the path (property)', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '%2E%2E',
        '.%2e',
        '%2f',
        '%5c',
        '\\',
        'secret.txt',
        'package.json',
        'link.txt',
        'up',
        '.env',
        'assets',
        '%00',
        '',
      ),
      fc.webSegment(),
    );
    const separator = fc.constantFrom('/', '%2f', '%2F', '%5c');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(segment, separator), { maxLength: 8 }), async (parts) => {
        const path = `/ui/${parts.map(([name, sep]) => name + sep).join('')}`;
        expectContained(await raw(path));
      }),
      { numRuns: 150 },
    );
  });
});

describe('without CTRLGRAPH_UI_DIR', () => {
  it('serves no UI', async () => {
    const plain = await startGateway();
    try {
      const answer = await fetch(new URL('/ui/', plain.url));
      expect(answer.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
