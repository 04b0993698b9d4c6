import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { propertyRuns } from '../support/property-runs.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/*
 * The cost check (src/server/query-cost.ts) is remembered per operation and set of variables. These
 * tests make sure the memory never answers for another operation of the same document, nor for
 * other variables, and that a refused operation costs no upstream request.
 */

const MAX_COST = 2_000;
let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway({ limits: { maxCost: MAX_COST } });
});
afterAll(() => gateway.close());
beforeEach(() => gateway.resetRequests());

/** Each outer interaction reads `inner` interactions of its contact: about outer × inner × 2. */
const NESTED = `query Nested($outer: Int!, $inner: Int!) {
  interactions(first: $outer) { edges { node { contact { interactions(first: $inner) { edges { node { id } } } } } } }
}`;
const CHEAP = 'query Cheap { interactions(first: 1) { edges { node { id } } } }';
const COSTLY =
  'query Costly { interactions(first: 100) { edges { node { contact { interactions(first: 100) { edges { node { id } } } } } } } }';

const code = (body: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code;

describe('the cost of an operation', () => {
  it('is that of the operation named, whichever comes first in the document', async () => {
    for (const [document, operationName, refused] of [
      [`${CHEAP} ${COSTLY}`, 'Costly', true],
      [`${CHEAP} ${COSTLY}`, 'Cheap', false],
      [`${COSTLY} ${CHEAP}`, 'Cheap', false],
      [`${COSTLY} ${CHEAP}`, 'Costly', true],
    ] as const) {
      gateway.resetRequests();
      const { body } = await gateway.post({ query: document, operationName });
      expect({ operationName, code: code(body) }).toEqual({ operationName, code: refused ? 'QUERY_TOO_COMPLEX' : undefined });
      if (refused) {
        expect(body.data).toBeUndefined();
        expect(gateway.requests()).toEqual([]);
      } else {
        expect(gateway.requests('ctrlhub')).toHaveLength(1);
      }
    }
  });

  it('follows the variables of each request, not those of the first one seen', async () => {
    const post = (outer: number, inner: number) => gateway.post({ query: NESTED, variables: { outer, inner } });
    expect(code((await post(2, 2)).body)).toBeUndefined();
    expect(code((await post(50, 50)).body)).toBe('QUERY_TOO_COMPLEX');
    // Same variables, written in another order: the same decision.
    expect(code((await gateway.post({ query: NESTED, variables: { inner: 50, outer: 50 } })).body)).toBe('QUERY_TOO_COMPLEX');
    gateway.resetRequests();
    expect(code((await post(2, 2)).body)).toBeUndefined();
    expect(gateway.requests('ctrlhub').length).toBeGreaterThan(0);
  });

  it('is refused exactly when it grows past the limit, for any page sizes (property)', async () => {
    // Learn the model's cost of each pair from the error, then check that the decision is monotonic
    // in the page sizes and that a refusal never reaches an upstream.
    for (const run of propertyRuns()) {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), async (outer, inner) => {
          gateway.resetRequests();
          const { body } = await gateway.post({ query: NESTED, variables: { outer, inner } });
          const refused = code(body) === 'QUERY_TOO_COMPLEX';
          if (refused) {
            const cost = body.errors?.[0]?.extensions?.cost as number;
            expect(cost).toBeGreaterThan(MAX_COST);
            expect(gateway.requests()).toEqual([]);
            // Anything larger is refused too.
            const larger = await gateway.post({ query: NESTED, variables: { outer: outer + 1, inner } });
            expect(code(larger.body)).toBe('QUERY_TOO_COMPLEX');
          } else {
            expect(body.errors).toBeUndefined();
          }
        }),
        // Each run is up to two GraphQL requests with nested pages: a few dozen cover the space.
        { ...run, numRuns: Math.min(run.numRuns ?? 30, 30) },
      );
    }
  });

  it('leaves variables that do not coerce to execution, which refuses them before any upstream call', async () => {
    const { body } = await gateway.post({ query: NESTED, variables: { outer: 'many', inner: 2 } });
    expect(code(body)).toBe('BAD_USER_INPUT');
    expect(gateway.requests()).toEqual([]);
  });
});
