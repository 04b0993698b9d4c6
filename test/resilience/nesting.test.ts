import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valueDepth } from '../../src/schema/json-depth.js';
import { nestingDepth } from '../../src/server/nesting-limit.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';
import { propertyRuns } from '../support/property-runs.js';

/**
 * Nesting is refused before the parser recurses: 2,400 nested selections once overflowed the parser's
 * stack (INTERNAL_SERVER_ERROR, a RangeError in the log) while 15 to 1,500 levels got the depth refusal.
 */
let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());

const SHAPES: Record<string, (levels: number) => string> = {
  selections: (n) => `{ ${'a { '.repeat(n)}b${' }'.repeat(n)} }`,
  'list values': (n) => `{ nodes(ids: ${'['.repeat(n)}"x"${']'.repeat(n)}) { id } }`,
  'object values': (n) => `{ interactions(filter: ${'{ ids: '.repeat(n)}"x"${' }'.repeat(n)}) { totalCount } }`,
  'list types': (n) => `query($v: ${'['.repeat(n)}ID${']'.repeat(n)}) { nodes(ids: $v) { id } }`,
  'unclosed brackets': (n) => `{ ${'a { '.repeat(n)}`,
};
const LEVELS = [100, 2_400, 100_000];

/** JSON text of a value nested `levels` deep in lists, or in objects under `key` (built as text: `JSON.stringify` would overflow here too). */
const nestedListText = (levels: number) => `${'['.repeat(levels)}"x"${']'.repeat(levels)}`;
const nestedObjectText = (levels: number, key: string) => `${`{"${key}":`.repeat(levels)}"x"${'}'.repeat(levels)}`;
/** Request bodies whose values nest: each once crashed the cost check's `JSON.stringify` (INTERNAL_SERVER_ERROR, a RangeError logged). */
const DEEP_BODIES: Record<string, (levels: number) => string> = {
  'a list variable': (n) => `{"query":"query($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":${nestedListText(n)}}}`,
  'an input object variable': (n) =>
    `{"query":"query($f: InteractionFilter) { interactions(filter: $f) { totalCount } }","variables":{"f":${nestedObjectText(n, 'ids')}}}`,
  'a variable the operation does not declare': (n) => `{"query":"{ __typename }","variables":{"unused":${nestedObjectText(n, 'a')}}}`,
  extensions: (n) => `{"query":"{ __typename }","extensions":{"deep":${nestedListText(n)}}}`,
};

describe('nesting refused before parsing', () => {
  for (const [shape, build] of Object.entries(SHAPES)) {
    it.each(LEVELS)(`refuses ${shape} nested %i levels deep with a parse error, not a crash`, async (levels) => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: build(levels) }),
      });
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(response.status).toBe(400);
      expect(body.errors[0]?.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(body.errors[0]?.message).toMatch(/nests selections, lists or arguments more than 60 levels deep/);
      expect(gateway.logs.filter((line) => /RangeError|INTERNAL_SERVER_ERROR|unexpected error/.test(line))).toEqual([]);
      expect(gateway.requests()).toHaveLength(0);
    });
  }

  for (const [where, build] of Object.entries(DEEP_BODIES)) {
    it.each([61, 2_400, 10_000])(`refuses ${where} nested %i levels deep as the client's mistake, not a crash`, async (levels) => {
      gateway.resetRequests();
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: build(levels),
      });
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect({ status: response.status, code: body.errors[0]?.extensions.code }).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
      expect(body.errors[0]?.message).toMatch(/nests lists or objects more than 60 levels deep/);
      expect(gateway.logs.filter((line) => /RangeError|INTERNAL_SERVER_ERROR|unexpected error/.test(line))).toEqual([]);
      expect(gateway.requests()).toHaveLength(0);
    });
  }

  it('answers any variables, however deep they nest, with data or a coded client error (property)', async () => {
    const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null)).map((value) => JSON.stringify(value));
    // The pattern of lists and objects, repeated to the depth: `[`, `{"ids":`, `{"a":`.
    const pattern = fc.array(fc.constantFrom(['[', ']'], ['{"ids":', '}'], ['{"contactIds":', '}'], ['{"a":', '}']), {
      minLength: 1,
      maxLength: 4,
    });
    const operation = fc.constantFrom(
      'query($v: [ID!]) { nodes(ids: $v) { id } }',
      'query($v: InteractionFilter) { interactions(filter: $v, first: 1) { totalCount } }',
      '{ __typename }',
    );
    for (const runs of propertyRuns()) {
      await fc.assert(
        fc.asyncProperty(operation, leaf, pattern, fc.integer({ min: 0, max: 20_000 }), async (query, leafText, wraps, depth) => {
          const levels = Array.from({ length: depth }, (_, level) => wraps[level % wraps.length] as [string, string]);
          const value = `${levels.map(([open]) => open).join('')}${leafText}${levels
            .map(([, close]) => close)
            .reverse()
            .join('')}`;
          const response = await fetch(gateway.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
            body: `{"query":${JSON.stringify(query)},"variables":{"v":${value}}}`,
          });
          const body = (await response.json()) as { errors?: { extensions?: { code?: unknown } }[] };
          const codes = (body.errors ?? []).map((error) => error.extensions?.code);
          expect(response.status).toBeLessThan(500);
          expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
          expect(codes.every((code) => typeof code === 'string')).toBe(true);
        }),
        { ...runs, numRuns: Math.min(runs.numRuns ?? 100, 60) },
      );
    }
    expect(gateway.logs.filter((line) => /RangeError|unexpected error/.test(line))).toEqual([]);
  });

  it('lets ordinary documents through, brackets in strings and comments not counted', async () => {
    const brackets = '{'.repeat(200);
    const { body } = await gateway.post({
      query: `# ${brackets}\n{ a: contact(id: "${brackets}") { id } b: contact(id: """${brackets} \\""" ${brackets}""") { id } }`,
    });
    expect((body.errors ?? []).map((error) => error.extensions?.code)).not.toContain('GRAPHQL_PARSE_FAILED');
  });

  it('counts nesting outside strings, block strings and comments (unit)', () => {
    expect(nestingDepth('{ a { b } }', 10)).toBe(2);
    expect(nestingDepth('{ a(x: [[1]]) { b } }', 10)).toBe(4);
    expect(nestingDepth('{ a(x: "{{{{ \\" {{{{") }', 10)).toBe(2);
    expect(nestingDepth('{ a(x: """ {{{{ \\""" {{{{ """) }', 10)).toBe(2);
    expect(nestingDepth('# {{{{{{\n{ a }', 10)).toBe(1);
    expect(nestingDepth('{'.repeat(1_000_000), 60)).toBe(61);
  });

  it('measures how values nest without recursing (unit)', () => {
    expect([valueDepth('x', 5), valueDepth(null, 5), valueDepth([], 5), valueDepth({ a: [1, { b: [] }] }, 5)]).toEqual([0, 0, 1, 4]);
    expect(valueDepth(JSON.parse(nestedListText(1_000_000)), 60)).toBe(61);
  });
});
