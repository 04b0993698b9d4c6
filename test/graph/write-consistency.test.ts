import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import type { InteractionResource } from '../../src/upstream/ctrlhub/types.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/**
 * What a client reads after a write, within the operation and across requests, and what it is told
 * when the write's answer cannot be trusted (docs/mutations.md "Consistency", ctrlhub.md "Writes").
 */
let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway({ cache: { ttlMs: 60_000 }, tuning: { callTimeoutMs: 5_000 } });
});
afterAll(() => gateway.close());
beforeEach(() => {
  gateway.resetRequests();
  gateway.simulator.clearFaults();
});

/** The `index`th seeded interaction with every relation, distinct per test so writes do not meet. */
function seeded(index: number): InteractionResource {
  const found = gateway.simulator.data.ctrlhub.interactions.filter(
    (item) => item.relationships?.property?.data && item.relationships?.representative?.data && item.relationships?.contact?.data,
  )[index];
  if (!found) throw new Error('no seeded interaction with every relation');
  return found;
}
const upstreamNow = (id: string) => gateway.simulator.data.ctrlhub.interactions.find((item) => item.id === id);
const colleagueOf = (user: string | undefined, ...others: (string | undefined)[]) =>
  [...gateway.simulator.data.ctrlhub.users.keys()].find((candidate) => candidate !== user && !others.includes(candidate)) as string;
const countOf = (body: { data?: unknown }) => (body.data as { interactions: { totalCount: number } }).interactions.totalCount;
const codes = (body: { errors?: readonly { extensions?: Readonly<Record<string, unknown>> | undefined }[] | undefined }) =>
  body.errors?.map((error) => error.extensions?.code);

describe('within one operation', () => {
  it('a second aliased mutation of the same interaction answers with the state after its own write', async () => {
    const target = seeded(0);
    const query = `mutation ($id: ID!) {
      a: updateInteraction(input: { id: $id, notes: "first write" }) { interaction { notes } }
      b: updateInteraction(input: { id: $id, notes: "second write" }) { interaction { notes } }
    }`;
    const { body } = await gateway.post({ query, variables: { id: encodeGlobalId('CtrlHubInteraction', target.id) } });
    expect(body).toEqual({ data: { a: { interaction: { notes: 'first write' } }, b: { interaction: { notes: 'second write' } } } });
    expect(upstreamNow(target.id)?.attributes?.notes).toBe('second write');
  });

  it('a reassignment after an update answers with the new representative, read again once', async () => {
    const target = seeded(1);
    const to = colleagueOf(target.relationships?.representative?.data?.id);
    const query = `mutation ($id: ID!, $rep: ID!) {
      a: updateInteraction(input: { id: $id, contacted: true }) { interaction { representative { id } } }
      b: reassignInteraction(input: { id: $id, representativeId: $rep }) { interaction { representative { id } } }
    }`;
    const { body } = await gateway.post({ query, variables: { id: target.id, rep: to } });
    expect((body.data?.b as { interaction: { representative: { id: string } } }).interaction.representative.id).toBe(
      encodeGlobalId('Representative', to),
    );
    const path = `/v3/orgs/${gateway.simulator.orgId}/customers/interactions`;
    expect(gateway.requests('ctrlhub').map((request) => `${request.method} ${request.path === path ? 'list' : 'by id'}`)).toEqual([
      'GET list', // the target, for the update
      'PUT by id', // its answer is the target of the reassignment
      'PATCH by id',
      'GET list', // read again for the payload: the PATCH answer holds the linkage at most
    ]);
  });
});

describe('across requests, through the response cache', () => {
  it.each([
    ['a Contact', 'Contact'],
    ['a Representative', 'Representative'],
  ] as const)('a count cached beside %s shows a logged interaction', async (_name, type) => {
    const beside = type === 'Contact' ? seeded(2).relationships?.contact?.data?.id : seeded(2).relationships?.representative?.data?.id;
    const query = `query ($id: ID!) { interactions { totalCount } node(id: $id) { id } }`;
    const variables = { id: encodeGlobalId(type, beside as string) };
    const before = await gateway.post({ query, variables });
    gateway.resetRequests();
    expect((await gateway.post({ query, variables })).body).toEqual(before.body);
    expect(gateway.requests()).toEqual([]); // served from the cache
    const log = await gateway.post({
      query:
        'mutation { logInteraction(input: { method: EMAIL, direction: INBOUND, dateTime: "2026-12-02T12:00:00Z" }) { userErrors { code } } }',
    });
    expect(log.body).toEqual({ data: { logInteraction: { userErrors: [] } } });
    const after = await gateway.post({ query, variables });
    expect(countOf(after.body)).toBe(countOf(before.body) + 1);
  });

  it("a representative's filtered count cached beside another representative shows a reassignment to the first", async () => {
    const target = seeded(3);
    const from = target.relationships?.representative?.data?.id;
    const to = colleagueOf(from);
    const bystander = colleagueOf(from, to);
    const query =
      'query ($to: ID!, $by: ID!) { interactions(filter: { representativeIds: [$to] }) { totalCount } representative(id: $by) { email } }';
    const variables = { to, by: encodeGlobalId('Representative', bystander) };
    const before = await gateway.post({ query, variables });
    await gateway.post({ query, variables });
    await gateway.post({
      query: 'mutation ($id: ID!, $rep: ID!) { reassignInteraction(input: { id: $id, representativeId: $rep }) { userErrors { code } } }',
      variables: { id: target.id, rep: to },
    });
    expect(countOf((await gateway.post({ query, variables })).body)).toBe(countOf(before.body) + 1);
  });

  it('contact details cached alone stay cached across a write', async () => {
    const query = 'query ($id: ID!) { contact(id: $id) { firstName } }';
    const variables = { id: encodeGlobalId('Contact', seeded(4).relationships?.contact?.data?.id as string) };
    await gateway.post({ query, variables });
    await gateway.post({
      query:
        'mutation { logInteraction(input: { method: SMS, direction: OUTBOUND, dateTime: "2026-12-02T12:00:00Z" }) { userErrors { code } } }',
    });
    gateway.resetRequests();
    await gateway.post({ query, variables });
    expect(gateway.requests()).toEqual([]);
  });
});

describe('a write whose answer cannot be trusted', () => {
  const LOG = 'mutation ($input: LogInteractionInput!) { logInteraction(input: $input) { interaction { id } } }';
  const COUNT = '{ interactions(first: 1) { totalCount } }';

  it.each([
    ['an unreadable body (the create applied)', { kind: 'malformedJson' as const }],
    ['a document without the interaction', { kind: 'status' as const, status: 201, body: '{"data":null}' }],
  ])('a create answered 201 with %s: UPSTREAM_OUTCOME_UNKNOWN, sent once, and the cached count dropped', async (_name, effect) => {
    await gateway.post({ query: COUNT });
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'POST', times: 1, effect });
    const input = { method: 'TELEPHONE', direction: 'OUTBOUND', dateTime: '2026-12-02T10:15:00Z' };
    const { body } = await gateway.post({ query: LOG, variables: { input } });
    expect(codes(body)).toEqual(['UPSTREAM_OUTCOME_UNKNOWN']);
    expect(gateway.requests('ctrlhub').filter((request) => request.method === 'POST')).toHaveLength(1);
    gateway.resetRequests();
    await gateway.post({ query: COUNT });
    expect(gateway.requests('ctrlhub')).toHaveLength(1); // read again, not served from the cache
  });

  it.each([429, 408])('a PUT whose first attempt went unanswered, then met %i on its retries: UPSTREAM_OUTCOME_UNKNOWN', async (status) => {
    const target = seeded(5);
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'PUT', times: 1, effect: { kind: 'reset' } });
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'PUT', effect: { kind: 'status', status } });
    const { body } = await gateway.post({
      query: 'mutation ($id: ID!) { updateInteraction(input: { id: $id, notes: "after a reset" }) { interaction { notes } } }',
      variables: { id: encodeGlobalId('CtrlHubInteraction', target.id) },
    });
    expect(codes(body)).toEqual(['UPSTREAM_OUTCOME_UNKNOWN']);
    expect(gateway.requests('ctrlhub').filter((request) => request.method === 'PUT').length).toBeGreaterThan(1);
  });
});

describe('dateTime values ISO 8601 cannot write', () => {
  it.each(['9999-12-31T23:30:00-01:00', '0000-01-01T00:30:00+01:00'])(
    '%s (outside years 0000-9999 in UTC) is a user error on dateTime, and nothing is sent',
    async (dateTime) => {
      const log = await gateway.post({
        query:
          'mutation ($d: DateTime!) { m: logInteraction(input: { method: EMAIL, direction: INBOUND, dateTime: $d }) { userErrors { field code } } }',
        variables: { d: dateTime },
      });
      const update = await gateway.post({
        query:
          'mutation ($id: ID!, $d: DateTime!) { m: updateInteraction(input: { id: $id, dateTime: $d }) { userErrors { field code } } }',
        variables: { id: seeded(6).id, d: dateTime },
      });
      for (const { body } of [log, update]) expect(body).toEqual({ data: { m: { userErrors: [{ field: 'dateTime', code: 'INVALID' }] } } });
      expect(gateway.requests()).toEqual([]);
    },
  );

  it('the last second of 9999 in UTC is sent as it is', async () => {
    await gateway.post({
      query:
        'mutation { logInteraction(input: { method: EMAIL, direction: INBOUND, dateTime: "9999-12-31T23:59:59Z" }) { userErrors { code } } }',
    });
    const [post] = gateway.requests('ctrlhub').filter((request) => request.method === 'POST');
    expect(JSON.parse(post?.body ?? '{}').data.attributes.date_time).toBe('9999-12-31T23:59:59Z');
  });
});
