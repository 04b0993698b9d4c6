import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { mutationLimitRule } from '../../src/server/mutation-limit.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/**
 * One operation makes at most CTRLGRAPH_MAX_MUTATIONS writes (default 10), however it spells them.
 * Before the limit, 30 aliases of logInteraction in one request made 30 POSTs to Ctrl-Hub: the rate
 * limit counts requests, so each request bought 30 writes.
 */
const log = (key: string) =>
  `${key}: logInteraction(input: { method: SMS, direction: OUTBOUND, dateTime: "2026-12-02T10:00:00Z", notes: "${key}" }) { clientMutationId }`;
const keys = (count: number, prefix = 'w') => Array.from({ length: count }, (_, index) => `${prefix}${index}`);

/** Spellings of `count` distinct mutation fields in one operation. */
const SPELLINGS: [string, (count: number) => string][] = [
  ['aliases', (count) => `mutation { ${keys(count).map(log).join(' ')} }`],
  ['aliases in a fragment', (count) => `mutation { ...Writes } fragment Writes on Mutation { ${keys(count).map(log).join(' ')} }`],
  [
    'aliases in inline fragments',
    (count) =>
      `mutation { ${keys(count)
        .map((key) => `... on Mutation { ${log(key)} }`)
        .join(' ')} }`,
  ],
  [
    'aliases split over nested fragments',
    (count) =>
      `mutation { ${log('w0')} ...A } fragment A on Mutation { ${keys(count - 1, 'a')
        .map(log)
        .join(' ')} ...B } fragment B on Mutation { __typename }`,
  ],
  [
    'aliases behind @include and @skip',
    (count) =>
      `mutation { ${keys(count)
        .map((key, index) =>
          log(key)
            .replace(':', `:`)
            .replace(') {', `) @${index % 2 ? 'skip(if: false)' : 'include(if: true)'} {`),
        )
        .join(' ')} }`,
  ],
  [
    'the three mutations mixed',
    (count) =>
      `mutation { ${keys(count - 2)
        .map(log)
        .join(
          ' ',
        )} u: updateInteraction(input: { id: "nope", notes: "x" }) { clientMutationId } r: reassignInteraction(input: { id: "nope", contactId: "nope" }) { clientMutationId } }`,
  ],
];

const posts = (gateway: GatewayFixture) => gateway.requests('ctrlhub').filter((request) => request.method === 'POST');

describe('mutations per operation (CTRLGRAPH_MAX_MUTATIONS)', () => {
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway.close());

  it('refuses 30 aliases of logInteraction before any upstream request', async () => {
    gateway.resetRequests();
    const { body } = await gateway.post({ query: SPELLINGS[0]?.[1](30) });
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]).toMatchObject({
      message: 'An operation may make at most 10 mutations; this one makes 30. Send the others in further requests.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', maxMutations: 10 },
    });
    expect(gateway.requests()).toEqual([]);
  });

  it.each(SPELLINGS)('counts %s: 11 are refused with no upstream request', async (_name, operation) => {
    gateway.resetRequests();
    const { body } = await gateway.post({ query: operation(11) });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxMutations: 10 });
    expect(gateway.requests()).toEqual([]);
  });

  it('runs 10 aliased creates as 10 POSTs, each once', async () => {
    gateway.resetRequests();
    const { body } = await gateway.post({ query: SPELLINGS[0]?.[1](10) });
    expect(body.errors).toBeUndefined();
    expect(posts(gateway).map((request) => JSON.parse(request.body ?? '{}').data.attributes.notes)).toEqual(keys(10));
  });

  it('counts a field repeated under one response key once, as it executes once (unit)', () => {
    const rule = mutationLimitRule(1);
    const twice = parse(`mutation { ${log('a')} ${log('a')} ...F } fragment F on Mutation { ${log('a')} __typename }`);
    expect(validate(schema, twice, [rule])).toEqual([]);
    expect(
      validate(schema, parse(`query { ${Array.from({ length: 3 }, (_, i) => `n${i}: node(id: "x") { id }`).join(' ')} }`), [rule]),
    ).toEqual([]);
  });
});

describe('CTRLGRAPH_MAX_MUTATIONS=1', () => {
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await startGateway({ protection: { maxMutations: 1 } });
  });
  afterAll(() => gateway.close());

  it('allows the one mutation a Relay or Apollo client sends, and refuses a second', async () => {
    const one = await gateway.post({ query: `mutation { ${log('a')} }` });
    expect(one.body.errors).toBeUndefined();
    const two = await gateway.post({ query: `mutation { ${log('a')} ${log('b')} }` });
    expect(two.body.errors?.[0]?.extensions).toMatchObject({ maxMutations: 1 });
    expect(posts(gateway)).toHaveLength(1);
  });
});
