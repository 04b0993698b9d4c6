import { afterEach, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

let gateway: GatewayFixture | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const QUERY = { query: '{ interactions(first: 1) { totalCount } }' };

describe('per-request credential forwarding (CTRLGRAPH_FORWARD_CREDENTIALS=true)', () => {
  it("uses the caller's session token and org id for that request only", async () => {
    gateway = await startGateway({ forwardCredentials: true, simulator: { ctrlhubSessionToken: 'callers-token-1234' } });
    // The gateway's own token is right for this simulator; a caller's wrong one must be what is used.
    const withWrong = await gateway.post(QUERY, { 'x-ctrlhub-session-token': 'not-the-token' });
    expect(withWrong.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: 'ctrlhub', status: 401 });
    const withOwn = await gateway.post(QUERY, { 'x-ctrlhub-session-token': 'callers-token-1234' });
    expect(withOwn.body.errors).toBeUndefined();
    const wrongOrg = await gateway.post(QUERY, { 'x-ctrlhub-org-id': 'another-org', 'x-ctrlhub-session-token': 'callers-token-1234' });
    expect(wrongOrg.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: 404 });
    expect(gateway.requests('ctrlhub').at(-1)?.path).toContain('/orgs/another-org/');
    // Without headers, the server's own credentials apply again: nothing carried over.
    const plain = await gateway.post(QUERY);
    expect(plain.body.errors).toBeUndefined();
    expect(gateway.requests('ctrlhub').at(-1)?.path).toContain(`/orgs/${gateway.simulator.orgId}/`);
  });

  it("uses the caller's Alpharun token", async () => {
    gateway = await startGateway({ forwardCredentials: true });
    const contact = gateway.simulator.data.alpharun.contacts.find((candidate) => candidate.ext_id)?.ext_id;
    const query = { query: `{ contact(id: "${contact}") { customerInteractions(first: 1) { edges { cursor } } } }` };
    const wrong = await gateway.post(query, { 'x-alpharun-token': 'not-alpharuns-token' });
    expect(wrong.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: 'alpharun' });
    const right = await gateway.post(query, { 'x-alpharun-token': gateway.simulator.alpharunApiToken });
    expect(right.body.errors).toBeUndefined();
  });

  it('ignores credential headers when forwarding is off', async () => {
    gateway = await startGateway({ forwardCredentials: false });
    // Were the header used, Ctrl-Hub would answer 401.
    const response = await gateway.post(QUERY, { 'x-ctrlhub-session-token': 'not-the-token' });
    expect(response.body.errors).toBeUndefined();
  });
});

describe('gateway API keys (CTRLGRAPH_API_KEYS)', () => {
  const KEY = 'k_live_0123456789abcdef';

  it('requires a valid bearer key for GraphQL requests and says how to send one', async () => {
    gateway = await startGateway({ apiKeys: [KEY, 'k_live_other_key_abcdefgh'] });
    const missing = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(QUERY),
    });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await missing.json()).toEqual({
      errors: [{ message: 'An API key is required: send `Authorization: Bearer <key>`', extensions: { code: 'UNAUTHENTICATED' } }],
    });

    const wrong = await gateway.post(QUERY, { authorization: 'Bearer k_live_wrong_wrong_wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors?.[0]?.message).toBe('The API key is not valid');
    expect(gateway.requests()).toHaveLength(0);

    const right = await gateway.post(QUERY, { authorization: `Bearer ${KEY}` });
    expect(right.status).toBe(200);
    expect(right.body.errors).toBeUndefined();
  });

  it('keeps health checks and the GraphiQL page open', async () => {
    gateway = await startGateway({ apiKeys: [KEY] });
    expect((await fetch(new URL('/healthz', gateway.url))).status).toBe(200);
    expect((await fetch(gateway.url, { headers: { accept: 'text/html' } })).status).toBe(200);
  });
});
