import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors/index.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

const registered = Object.keys(ERROR_CODES).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'simulator' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.gen.ts') ? [path] : [];
  });
}

/** Codes written as literals where the gateway builds an error: `code: 'X'` and `writeErrorResponse(…, 'X', …)`. */
function codesInSource(): string[] {
  const codes = new Set<string>();
  for (const file of sourceFiles('src')) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bcode: '([A-Z_]+)'/g)) codes.add(match[1] as string);
    for (const match of text.matchAll(/writeErrorResponse\(\s*\w+,\s*\d+,\s*'([A-Z_]+)'/g)) codes.add(match[1] as string);
  }
  return [...codes].sort();
}

/** The codes in the first column of the table in docs/errors.md, the reference the README points to. */
function codesInReference(): string[] {
  const reference = readFileSync('docs/errors.md', 'utf8');
  return [...reference.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1] as string).sort();
}

describe('one registry of error codes', () => {
  it('lists every code the source writes', () => {
    const written = codesInSource();
    expect(written.length).toBeGreaterThan(10);
    expect(written.filter((code) => !registered.includes(code))).toEqual([]);
  });

  it('is the table of codes in docs/errors.md, row for row', () => {
    expect(codesInReference()).toEqual(registered);
  });

  describe('codes Yoga writes itself', () => {
    let gateway: GatewayFixture;
    beforeAll(async () => {
      gateway = await startGateway();
    });
    afterAll(() => gateway.close());

    it.each<[string, string, string, Record<string, unknown>?]>([
      ['a syntax error', '{ interactions(first: 1) { edges { cursor } ', 'GRAPHQL_PARSE_FAILED'],
      ['an unknown field', '{ noSuchField }', 'GRAPHQL_VALIDATION_FAILED'],
      ['an operation type the graph does not offer', 'subscription { interactions { totalCount } }', 'GRAPHQL_VALIDATION_FAILED'],
      ['an operation name the document does not hold', 'query A { __typename }', 'OPERATION_RESOLUTION_FAILURE', { operationName: 'B' }],
      ['a missing variable', 'query ($id: ID!) { contact(id: $id) { id } }', 'BAD_USER_INPUT'],
      [
        'a variable of the wrong type',
        'query ($n: Int) { interactions(first: $n) { totalCount } }',
        'BAD_USER_INPUT',
        { variables: { n: 'ten' } },
      ],
      [
        'an input field a variable lacks',
        'mutation ($i: LogInteractionInput!) { logInteraction(input: $i) { clientMutationId } }',
        'BAD_USER_INPUT',
        { variables: { i: { method: 'SMS' } } },
      ],
    ])('registers the code of %s', async (_name, query, code, more = {}) => {
      const { body } = await gateway.post({ query, ...more });
      expect(body.errors?.[0]?.extensions?.code).toBe(code);
      expect(registered).toContain(code);
    });
  });
});
