import { fileURLToPath } from 'node:url';
import { print, type DocumentNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogInteractionDocument } from '../__generated__/graphql.js';
import { CSRF_HEADER } from '../../src/server/query-protection.js';
import { loadManifest } from '../../src/server/persisted-operations.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/** Mutations pass the same guards as queries, and some more: each refusal leaves Ctrl-Hub untouched. */
const input = { method: 'SMS', direction: 'OUTBOUND', dateTime: '2026-12-02T10:00:00Z', notes: 'guarded' };
const mutation = print(LogInteractionDocument);
const hashOf = (document: DocumentNode) => ((document as { __meta__?: { hash: string } }).__meta__?.hash ?? '').replace(/^sha256:/, '');
const writesOf = (gateway: GatewayFixture) => gateway.requests('ctrlhub').filter((request) => request.method !== 'GET');

describe('mutations over HTTP', () => {
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway.close());

  it('are refused over GET (405, Allow: POST), even with the CSRF header', async () => {
    const url = new URL(gateway.url);
    url.searchParams.set('query', mutation);
    url.searchParams.set('variables', JSON.stringify({ input }));
    const response = await fetch(url, { headers: { [CSRF_HEADER]: '1', accept: 'application/graphql-response+json' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('BAD_REQUEST');
    expect(writesOf(gateway)).toEqual([]);
  });

  it.each([
    [
      'a form post',
      'application/x-www-form-urlencoded',
      new URLSearchParams({ query: mutation, variables: JSON.stringify({ input }) }).toString(),
    ],
    ['a text/plain post', 'text/plain', JSON.stringify({ query: mutation, variables: { input } })],
  ])('are refused from %s without the CSRF header (a cross-site page could send one)', async (_case, contentType, body) => {
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(response.status).toBe(403);
    expect(writesOf(gateway)).toEqual([]);
  });

  it('run from a JSON POST, which a browser sends cross-site only after a CORS preflight', async () => {
    const answer = await gateway.post({ query: mutation, variables: { input } });
    expect(answer.body.errors).toBeUndefined();
    expect(writesOf(gateway)).toHaveLength(1);
  });
});

describe('mutations with API keys (CTRLGRAPH_API_KEYS)', () => {
  const key = 'mutation-guard-key-0123456789';
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await startGateway({ apiKeys: [key] });
  });
  afterAll(() => gateway.close());

  it('are refused without a key or with a wrong one, before any upstream request', async () => {
    const without = await gateway.post({ query: mutation, variables: { input } });
    const wrong = await gateway.post({ query: mutation, variables: { input } }, { authorization: 'Bearer not-the-key-0123456789' });
    expect([without.status, wrong.status]).toEqual([401, 401]);
    expect(gateway.requests()).toEqual([]);
  });

  it('run with a key', async () => {
    const answer = await gateway.post({ query: mutation, variables: { input } }, { authorization: `Bearer ${key}` });
    expect(answer.body.errors).toBeUndefined();
    expect(writesOf(gateway)).toHaveLength(1);
  });
});

describe('mutations in persisted-only mode (CTRLGRAPH_PERSISTED_ONLY)', () => {
  const manifest = loadManifest(fileURLToPath(new URL('../__generated__/persisted-documents.json', import.meta.url)));
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await startGateway({ persisted: { manifest, only: true, apq: true } });
  });
  afterAll(() => gateway.close());

  it('are refused as text, before any upstream request', async () => {
    const answer = await gateway.post({ query: mutation, variables: { input } });
    expect(answer).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'PERSISTED_QUERY_ONLY' } }] } });
    expect(gateway.requests()).toEqual([]);
  });

  it('run by the hash of the manifest', async () => {
    const answer = await gateway.post({
      variables: { input },
      extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(LogInteractionDocument) } },
    });
    expect(answer.body.errors).toBeUndefined();
    expect(writesOf(gateway)).toHaveLength(1);
  });
});

describe('mutations with forwarded credentials (CTRLGRAPH_FORWARD_CREDENTIALS)', () => {
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await startGateway({ forwardCredentials: true });
  });
  afterAll(() => gateway.close());

  it("write with the caller's own session token: a refused token is UNAUTHENTICATED, and nothing is written", async () => {
    const count = gateway.simulator.data.ctrlhub.interactions.length;
    const refused = await gateway.post({ query: mutation, variables: { input } }, { 'x-ctrlhub-session-token': 'not-a-session-token' });
    expect(refused.body.data).toEqual({ logInteraction: null });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: 'ctrlhub', status: 401 });
    expect(gateway.simulator.data.ctrlhub.interactions).toHaveLength(count);
    const own = await gateway.post(
      { query: mutation, variables: { input } },
      { 'x-ctrlhub-session-token': gateway.simulator.ctrlhubSessionToken },
    );
    expect(own.body.errors).toBeUndefined();
    expect(gateway.simulator.data.ctrlhub.interactions).toHaveLength(count + 1);
  });
});
