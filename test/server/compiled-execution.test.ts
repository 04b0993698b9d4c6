import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/**
 * Compiled execution (graphql-jit) must answer exactly as graphql-js does: same data, same errors
 * with the same messages, paths, locations and codes, in the same order.
 */
let interpreted: GatewayFixture;
let compiled: GatewayFixture;
beforeAll(async () => {
  [interpreted, compiled] = await Promise.all([startGateway({ jit: false }), startGateway({ jit: true })]);
});
afterAll(() => Promise.all([interpreted.close(), compiled.close()]));

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

async function expectSameAnswer(body: { query: string; operationName?: string; variables?: Record<string, unknown> }) {
  const [plain, fast] = await Promise.all([interpreted.post(body), compiled.post(body)]);
  expect(fast.status).toBe(plain.status);
  expect(fast.body).toEqual(plain.body);
  return plain.body;
}

describe('compiled execution answers errors exactly as the interpreter', () => {
  it.each([
    [
      'two root fields failing with different messages',
      '{ a: interactions(first: -1) { edges { cursor } } b: interactions(first: 2, last: 2) { edges { cursor } } }',
    ],
    [
      'three failing root fields among working ones',
      '{ a: interactions(first: -2) { totalCount } ok: interactions(first: 1) { totalCount } b: interactions(first: 100000) { totalCount } c: interactions(first: 1, after: "bad!") { totalCount } }',
    ],
    ['a bad argument on a root field', '{ interactions(first: -1) { edges { cursor } } }'],
    [
      'a bad argument on a nested field',
      '{ interactions(first: 2) { edges { node { ... on CtrlHubInteraction { contact { interactions(first: -3) { totalCount } } } } } } }',
    ],
    ['a malformed cursor', '{ interactions(first: 2, after: "not-a-cursor!") { edges { cursor } } }'],
    ['a global id of the wrong type', `{ contact(id: "${globalId('Account', 'x')}") { id } }`],
    [
      'a bad argument inside a named fragment, under a list',
      'query Page { interactions(first: 2) { edges { node { ... on CtrlHubInteraction { contact { ...Timeline } } } } } } fragment Timeline on Contact { interactions(first: -1) { totalCount } }',
    ],
    [
      'too many ids for nodes',
      `{ nodes(ids: [${Array.from({ length: 101 }, (_, index) => `"${globalId('Contact', String(index))}"`).join(',')}]) { id } }`,
    ],
  ])('%s', async (_name, query) => {
    const answer = await expectSameAnswer({ query });
    expect(answer.errors?.length).toBeGreaterThan(0);
  });

  it('root fields failing upstream with different errors', async () => {
    for (const gateway of [interpreted, compiled]) {
      gateway.simulator.fault({ upstream: 'ctrlhub', matching: 'contact_in(', effect: { kind: 'status', status: 401 } });
      gateway.simulator.fault({ upstream: 'ctrlhub', matching: 'account_in(', effect: { kind: 'status', status: 404 } });
    }
    try {
      const answer = await expectSameAnswer({
        query:
          '{ a: interactions(first: 1, filter: { contactIds: ["c1"] }) { totalCount } b: interactions(first: 1, filter: { accountIds: ["a1"] }) { totalCount } c: interactions(first: 1) { totalCount } }',
      });
      expect(answer.errors?.map((error) => error.path)).toEqual([['a'], ['b']]);
    } finally {
      for (const gateway of [interpreted, compiled]) gateway.simulator.clearFaults();
    }
  });

  it('a failing argument given as a variable', async () => {
    const answer = await expectSameAnswer({
      query:
        'query Page($first: Int, $also: Int) { a: interactions(first: $first) { totalCount } b: interactions(first: $also) { totalCount } }',
      variables: { first: -1, also: 100000 },
    });
    expect(answer.errors).toHaveLength(2);
  });
});

describe('compiled execution runs the operation the request names', () => {
  it('runs each operation of a document with several, whichever ran first', async () => {
    const query =
      'query First { first: interactions(first: 1) { totalCount } } query Second { second: interactions(first: 2) { edges { cursor } } }';
    for (const operationName of ['First', 'Second', 'First']) {
      const answer = await expectSameAnswer({ query, operationName });
      expect(Object.keys(answer.data ?? {})).toEqual([operationName.toLowerCase()]);
    }
  });
});
