import { afterEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/**
 * One GraphQL request causes at most CTRLGRAPH_MAX_UPSTREAM_REQUESTS upstream requests. Without the
 * budget, 30 aliases of nodes(ids:) over 100 unknown ids each made 3,000+ upstream requests: every
 * unknown id is a by-id read of its own (a 404, which never opens the breaker).
 */
let gateway: GatewayFixture | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const ALIASES = 30;
const IDS = 100;
const FAN_OUT = {
  query: `query FanOut(${Array.from({ length: ALIASES }, (_, alias) => `$ids${alias}: [ID!]!`).join(', ')}) {
    ${Array.from({ length: ALIASES }, (_, alias) => `a${alias}: nodes(ids: $ids${alias}) { id }`).join('\n    ')}
  }`,
  variables: Object.fromEntries(
    Array.from({ length: ALIASES }, (_, alias) => [
      `ids${alias}`,
      Array.from({ length: IDS }, (_, index) => encodeGlobalId('Contact', `unknown-${alias}-${index}`)),
    ]),
  ),
};

describe('upstream budget per request (CTRLGRAPH_MAX_UPSTREAM_REQUESTS)', () => {
  it('bounds 30 aliases of nodes(ids:) over 100 unknown ids to the budget, with coded errors on the fields it refused', async () => {
    const fixture = await startGateway({ maxUpstreamRequests: 50 });
    gateway = fixture;
    const { status, body } = await fixture.post(FAN_OUT);
    expect(status).toBe(200);
    expect(fixture.requests()).toHaveLength(50);
    // Every call the request started ended before its answer: none reaches the upstream afterwards.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fixture.requests()).toHaveLength(50);
    const refused = (body.errors ?? []).filter((error) => error.extensions?.code === 'UPSTREAM_BUDGET_EXCEEDED');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]?.message).toMatch(/budget of 50 upstream requests \(CTRLGRAPH_MAX_UPSTREAM_REQUESTS\)/);
    expect(refused[0]?.extensions).toMatchObject({ limit: 50 });
    // Each refusal is on the node that needed the call.
    for (const error of refused) expect(error.path).toEqual([expect.stringMatching(/^a\d+$/), expect.any(Number)]);
  });

  it('lets a request within its budget run without refusals', async () => {
    const fixture = await startGateway({ maxUpstreamRequests: 50 });
    gateway = fixture;
    const { body } = await fixture.post({
      query: '{ interactions(first: 100) { edges { node { id ... on CtrlHubInteraction { contact { firstName } } } } } }',
    });
    expect(body.errors).toBeUndefined();
    expect(fixture.requests().length).toBeLessThanOrEqual(50);
  });

  it('counts nodes(ids:) by its length and aliases by their number in the static cost, refusing before any call', async () => {
    const fixture = await startGateway({ protection: { maxCost: 2_000 } });
    gateway = fixture;
    const { body } = await fixture.post(FAN_OUT);
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.errors?.[0]?.extensions?.cost).toBeGreaterThanOrEqual(ALIASES * IDS);
    expect(fixture.requests()).toHaveLength(0);
  });
});

describe('writes within the upstream budget', () => {
  const log = (key: string, contactId?: string) =>
    `${key}: logInteraction(input: { method: SMS, direction: OUTBOUND, dateTime: "2026-12-02T10:00:00Z", notes: "${key}"${
      contactId ? `, contactId: "${contactId}"` : ''
    } }) { interaction { id } }`;

  it('sends the writes the budget pays for, and refuses the rest with UPSTREAM_BUDGET_EXCEEDED on their fields, unsent', async () => {
    const fixture = await startGateway({ maxUpstreamRequests: 2 });
    gateway = fixture;
    const { body } = await fixture.post({ query: `mutation { ${['a', 'b', 'c'].map((key) => log(key)).join(' ')} }` });
    expect(fixture.requests().map((request) => `${request.method} ${JSON.parse(request.body ?? '{}').data?.attributes?.notes}`)).toEqual([
      'POST a',
      'POST b',
    ]);
    expect(body.data).toMatchObject({
      a: { interaction: { id: expect.any(String) } },
      b: { interaction: { id: expect.any(String) } },
      c: null,
    });
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['c'], extensions: expect.objectContaining({ code: 'UPSTREAM_BUDGET_EXCEEDED' }) }),
    ]);
  });

  it("counts a write's reads before it: a budget spent on checking the contact sends no POST", async () => {
    const fixture = await startGateway({ maxUpstreamRequests: 1 });
    gateway = fixture;
    const contact = [...fixture.simulator.data.ctrlhub.contacts.keys()][0] as string;
    const { body } = await fixture.post({ query: `mutation { ${log('a', contact)} }` });
    expect(fixture.requests().map((request) => request.method)).toEqual(['GET']);
    expect(body.data).toEqual({ a: null });
    expect(body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BUDGET_EXCEEDED');
  });
});
