import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nestingDepth } from '../../src/server/nesting-limit.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

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
});
