import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ContactCustomerInteractionsOnlyDocument, ContactsFanoutDocument } from '../__generated__/graphql.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway({ tuning: { headersTimeoutMs: 400, callTimeoutMs: 2000 } });
});
afterAll(() => gateway.close());
beforeEach(() => gateway.resetRequests());
afterEach(() => gateway.simulator.clearFaults());

const linkedContactId = () => gateway.simulator.data.alpharun.contacts.find((contact) => contact.ext_id)?.ext_id as string;

function expectNoLeak(text: string) {
  for (const secret of [
    gateway.simulator.ctrlhubSessionToken,
    gateway.simulator.alpharunApiToken,
    gateway.simulator.ctrlhubBaseUrl,
    'Simulated failure',
  ]) {
    expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/\bat .*\.ts:\d+/);
}

describe('one failing upstream nulls only its fields', () => {
  it('keeps the Ctrl-Hub data when Alpharun answers 500, with the error on customerInteractions', async () => {
    gateway.simulator.fault({ upstream: 'alpharun', effect: { kind: 'status', status: 500 } });
    const result = await gateway.execute(ContactCustomerInteractionsOnlyDocument, { id: linkedContactId() });
    expect(result.data?.contact?.firstName).toBeTruthy();
    expect(result.data?.contact?.customerInteractions).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({
      path: ['contact', 'customerInteractions'],
      extensions: { code: 'UPSTREAM_ERROR', upstream: 'alpharun', status: 500 },
    });
    expect(result.errors?.[0]?.extensions?.traceId).toBeTruthy();
    expectNoLeak(JSON.stringify(result));
  });

  it('nulls each nested list of a failed contact_in batch and keeps the outer page', async () => {
    gateway.simulator.fault({ upstream: 'ctrlhub', matching: 'contact_in(', effect: { kind: 'status', status: 503 } });
    const result = await gateway.execute(ContactsFanoutDocument, { interactions: 10, perContact: 3 });
    const edges = result.data?.interactions?.edges ?? [];
    expect(edges).toHaveLength(10);
    for (const edge of edges) expect(edge.node.contact?.interactions).toBeNull();
    expect(result.errors?.length).toBe(edges.length);
    for (const error of result.errors ?? []) {
      expect(error.path?.slice(-2)).toEqual(['contact', 'interactions']);
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: 'ctrlhub', status: 503 });
    }
    expectNoLeak(JSON.stringify(result));
  });

  it("nulls an account's and a contact's properties when Ctrl-Hub cannot read them, with the error on each field", async () => {
    // An empty list here would pass for "no properties": the reads that failed must say so.
    const account = [...gateway.simulator.data.ctrlhub.accounts.values()].find(
      (candidate) => (candidate.relationships?.properties?.data?.length ?? 0) > 0,
    );
    const contactId = account?.relationships?.contacts?.data?.[0]?.id;
    if (!account || !contactId) throw new Error('the dataset has no account with properties and contacts');
    gateway.simulator.fault({ upstream: 'ctrlhub', matching: 'property_in(', effect: { kind: 'status', status: 500 } });
    const { body } = await gateway.post({
      query: `{ account(id: "${account.id}") { ctrlHubId properties { id } } contact(id: "${contactId}") { ctrlHubId properties { id } } }`,
    });
    expect(body.data).toEqual({
      account: { ctrlHubId: account.id, properties: null },
      contact: { ctrlHubId: contactId, properties: null },
    });
    expect(body.errors?.map((error) => ({ path: error.path, code: error.extensions?.code }))).toEqual(
      expect.arrayContaining([
        { path: ['account', 'properties'], code: 'UPSTREAM_ERROR' },
        { path: ['contact', 'properties'], code: 'UPSTREAM_ERROR' },
      ]),
    );
    expectNoLeak(JSON.stringify(body));
  });

  it('reports an upstream 401 as UNAUTHENTICATED', async () => {
    gateway.simulator.fault({ upstream: 'alpharun', effect: { kind: 'status', status: 401 } });
    const result = await gateway.execute(ContactCustomerInteractionsOnlyDocument, { id: linkedContactId() });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: 'alpharun', status: 401 });
  });

  it('reports rate limiting that outlasts the retries as UPSTREAM_RATE_LIMITED', async () => {
    gateway.simulator.fault({ upstream: 'alpharun', effect: { kind: 'status', status: 429, retryAfter: '0' } });
    const result = await gateway.execute(ContactCustomerInteractionsOnlyDocument, { id: linkedContactId() });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', upstream: 'alpharun', status: 429 });
    expect(gateway.requests('alpharun')).toHaveLength(3);
  });

  it('reports an upstream that never answers as UPSTREAM_TIMEOUT within the configured time', async () => {
    gateway.simulator.fault({ upstream: 'alpharun', effect: { kind: 'hang' } });
    const started = Date.now();
    const result = await gateway.execute(ContactCustomerInteractionsOnlyDocument, { id: linkedContactId() });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.data?.contact?.firstName).toBeTruthy();
    expect(result.errors?.[0]).toMatchObject({
      path: ['contact', 'customerInteractions'],
      extensions: { code: 'UPSTREAM_TIMEOUT', upstream: 'alpharun' },
    });
  });

  it('reports malformed upstream JSON as UPSTREAM_ERROR without crashing', async () => {
    gateway.simulator.fault({ upstream: 'alpharun', effect: { kind: 'malformedJson' } });
    const result = await gateway.execute(ContactCustomerInteractionsOnlyDocument, { id: linkedContactId() });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: 'alpharun' });
    gateway.simulator.clearFaults();
    const after = await gateway.execute(ContactCustomerInteractionsOnlyDocument, { id: linkedContactId() });
    expect(after.errors).toBeUndefined();
  });
});
