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

/** The codes in the first column of the README's table under "## Errors". */
function codesInReadme(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Errors'));
  if (!section) throw new Error('README.md has no "## Errors" section');
  return [...section.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1] as string).sort();
}

describe('one registry of error codes', () => {
  it('lists every code the source writes', () => {
    const written = codesInSource();
    expect(written.length).toBeGreaterThan(10);
    expect(written.filter((code) => !registered.includes(code))).toEqual([]);
  });

  it("is the README's table of codes, row for row", () => {
    expect(codesInReadme()).toEqual(registered);
  });

  describe('codes Yoga writes itself', () => {
    let gateway: GatewayFixture;
    beforeAll(async () => {
      gateway = await startGateway();
    });
    afterAll(() => gateway.close());

    it.each([
      ['a syntax error', '{ interactions(first: 1) { edges { cursor } ', 'GRAPHQL_PARSE_FAILED'],
      ['an unknown field', '{ noSuchField }', 'GRAPHQL_VALIDATION_FAILED'],
    ])('registers the code of %s', async (_name, query, code) => {
      const { body } = await gateway.post({ query });
      expect(body.errors?.[0]?.extensions?.code).toBe(code);
      expect(registered).toContain(code);
    });
  });
});
