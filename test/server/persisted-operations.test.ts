import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { print, type DocumentNode } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InteractionsPageDocument } from '../__generated__/graphql.js';
import { loadManifest, ManifestError } from '../../src/server/persisted-operations.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

const manifestPath = fileURLToPath(new URL('../__generated__/persisted-documents.json', import.meta.url));
const manifest = loadManifest(manifestPath);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The hash GraphQL Code Generator's client preset put on the typed document: what a client app sends. */
const hashOf = (document: DocumentNode) => (document as { __meta__?: { hash: string } }).__meta__?.hash ?? '';
const variables = { first: 3, withTotal: false };

function persistedBody(hash: string) {
  return { variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } };
}

describe('the manifest written by codegen', () => {
  it('holds every project operation under the sha256 of its text', () => {
    expect(manifest.size).toBeGreaterThanOrEqual(10);
    expect(hashOf(InteractionsPageDocument)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(manifest.get(hashOf(InteractionsPageDocument).slice('sha256:'.length))).toContain('query InteractionsPage(');
  });

  it('is refused when an entry is not the hash of its text', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const path = `${mkdtempSync('/tmp/ctrlgraph-manifest-')}/manifest.json`;
    writeFileSync(path, JSON.stringify({ [sha256('query A { __typename }')]: 'query B { __typename }' }));
    expect(() => loadManifest(path)).toThrow(ManifestError);
    expect(() => loadManifest('/no/such/manifest.json')).toThrow(/cannot read/);
  });
});

// What an operator reads at start-up when CTRLGRAPH_PERSISTED_OPERATIONS names a file of the wrong shape.
describe.each([
  ['an array', [], 'the file must hold one JSON object'],
  ['a number', 5, 'the file must hold one JSON object'],
  ['a key that is not a digest', { 'query-a': 'query A { __typename }' }, 'keys must be sha256 hex digests'],
  ['an empty operation', { [sha256('')]: '' }, 'every operation must be non-empty text'],
  ['an operation that is not text', { [sha256('3')]: 3 }, 'every operation must be non-empty text'],
])('a manifest holding %s', (_, content, message) => {
  it('is refused with a message that says what is wrong', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const path = `${mkdtempSync('/tmp/ctrlgraph-manifest-')}/manifest.json`;
    writeFileSync(path, JSON.stringify(content));
    expect(() => loadManifest(path)).toThrow(ManifestError);
    expect(() => loadManifest(path)).toThrow(`${path} is not a persisted-operations manifest ({ "<sha256>": "<operation>" }): ${message}`);
  });
});

describe('persisted operations and APQ alongside ordinary queries (default)', () => {
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await startGateway({ persisted: { manifest, only: false, apq: true } });
  });
  afterAll(() => gateway.close());
  beforeEach(() => gateway.resetRequests());

  it('runs a manifest operation by hash, in both wire forms', async () => {
    const hash = hashOf(InteractionsPageDocument);
    const byExtension = await gateway.post(persistedBody(hash.slice('sha256:'.length)));
    const byDocumentId = await gateway.post({ documentId: hash, variables });
    for (const answer of [byExtension, byDocumentId]) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect((answer.body.data?.['interactions'] as { edges: unknown[] }).edges).toHaveLength(3);
    }
  });

  it('reads a hash in upper case as the same digest', async () => {
    const hash = hashOf(InteractionsPageDocument).slice('sha256:'.length).toUpperCase();
    for (const answer of [await gateway.post(persistedBody(hash)), await gateway.post({ documentId: `sha256:${hash}`, variables })]) {
      expect(answer.body.errors).toBeUndefined();
      expect((answer.body.data?.['interactions'] as { edges: unknown[] }).edges).toHaveLength(3);
    }
    const query = 'query UpperCaseApq { interactions(first: 1) { edges { cursor } } }';
    const registered = await gateway.post({
      query,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query).toUpperCase() } },
    });
    expect(registered.body.errors).toBeUndefined();
    const byLowerCase = await gateway.post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
    expect(byLowerCase.body).toEqual(registered.body);
  });

  it('still runs query text', async () => {
    const answer = await gateway.post({ query: print(InteractionsPageDocument), variables });
    expect(answer.body.errors).toBeUndefined();
  });

  it('follows the APQ protocol: unknown hash, then hash with text, then hash alone', async () => {
    const query = '{ interactions(first: 2) { edges { node { id } } } }';
    const hash = sha256(query);
    const unknown = await gateway.post(persistedBody(hash));
    expect(unknown.body.errors?.[0]).toMatchObject({
      message: 'PersistedQueryNotFound',
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
    });
    expect(gateway.requests()).toHaveLength(0);

    const registered = await gateway.post({ query, ...persistedBody(hash) });
    expect(registered.body.errors).toBeUndefined();
    const again = await gateway.post(persistedBody(hash));
    expect(again.body).toEqual(registered.body);
  });

  it('refuses a registration whose hash is not of its text, without calling upstream', async () => {
    const answer = await gateway.post({
      query: '{ interactions(first: 1) { edges { node { id } } } }',
      ...persistedBody(sha256('something else')),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'PERSISTED_QUERY_HASH_MISMATCH' });
    expect(gateway.requests()).toHaveLength(0);
  });

  it("works with Apollo Client's persisted-query link: text is sent once, then the hash alone", async () => {
    const bodies: { query?: string; extensions?: unknown }[] = [];
    const link = createPersistedQueryLink({ sha256 }).concat(
      new HttpLink({
        uri: gateway.url.href,
        fetch: (input, init) => {
          bodies.push(JSON.parse(String(init?.body)) as { query?: string });
          return fetch(input, init);
        },
      }),
    );
    const query = InteractionsPageDocument;
    for (let run = 0; run < 2; run++) {
      const client = new ApolloClient({ link, cache: new InMemoryCache() });
      const result = await client.query({ query, variables: { first: 4, withTotal: false } });
      expect(result.data?.interactions?.edges).toHaveLength(4);
    }
    // First run: hash alone (not found) then hash + text; second run: hash alone, answered.
    expect(bodies.map((body) => Boolean(body.query))).toEqual([false, true, false]);
  });
});

describe('CTRLGRAPH_PERSISTED_ONLY', () => {
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await startGateway({ persisted: { manifest, only: true, apq: true } });
  });
  afterAll(() => gateway.close());
  beforeEach(() => gateway.resetRequests());

  it('runs manifest operations', async () => {
    const answer = await gateway.post(persistedBody(hashOf(InteractionsPageDocument)));
    expect(answer.body.errors).toBeUndefined();
    expect(gateway.requests('ctrlhub')).toHaveLength(1);
  });

  it('refuses query text, unknown hashes and APQ registrations, without calling upstream', async () => {
    const query = '{ interactions(first: 1) { edges { node { id } } } }';
    const text = await gateway.post({ query });
    const unknown = await gateway.post(persistedBody(sha256(query)));
    const registration = await gateway.post({ query, ...persistedBody(sha256(query)) });
    expect(text).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'PERSISTED_QUERY_ONLY' } }] } });
    expect(unknown).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } }] } });
    expect(registration).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'PERSISTED_QUERY_ONLY' } }] } });
    expect(gateway.requests()).toHaveLength(0);
  });
});
