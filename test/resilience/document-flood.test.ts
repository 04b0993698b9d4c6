import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/**
 * Distinct documents padded with a comment to hundreds of kilobytes: each is a new key for the parse
 * caches and the APQ store, which kept them by count (1,024 and 1,000 entries) whatever their size,
 * about 1 MB of heap a request at the body limit. What the caches keep is bounded by bytes now.
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const heapAfterCollection = () => {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
};

const PADDING = 'x'.repeat(400 * 1024);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway({ protection: { maxBodyBytes: 1024 * 1024 } });
});
afterAll(() => gateway.close());

describe('a flood of distinct, padded documents', () => {
  it('leaves the heap within the caches’ byte budgets, and every document still gets its answer', async () => {
    const before = heapAfterCollection();
    const kinds = {
      // Valid: Yoga's document cache.
      parsed: (index: number) => ({ query: `# ${index} ${PADDING}\n{ __typename }` }),
      // A syntax error: Yoga's error cache.
      'parse error': (index: number) => ({ query: `# ${index} ${PADDING}\n{ __typename ` }),
      // An APQ registration: the persisted-operations store, then the document cache.
      registered: (index: number) => {
        const query = `# apq ${index} ${PADDING}\n{ __typename }`;
        return { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } };
      },
    };
    for (const [kind, body] of Object.entries(kinds)) {
      for (let index = 0; index < 100; index++) {
        const { status, body: answer } = await gateway.post(body(index));
        const outcome = answer.errors
          ? answer.errors[0]?.extensions?.code
          : (answer.data as { __typename?: string } | undefined)?.__typename;
        expect({ kind, status, outcome }).toEqual({
          kind,
          status: kind === 'parse error' ? 400 : 200,
          outcome: kind === 'parse error' ? 'GRAPHQL_PARSE_FAILED' : 'Query',
        });
      }
    }
    // 300 × 400 KB of text went through; the budgets are 32 MB of documents (an estimate of what they
    // hold), 4 MB of parse errors and 4 MB of APQ text, and a text this large fits none but the last two.
    const grownMb = (heapAfterCollection() - before) / (1024 * 1024);
    expect(grownMb).toBeLessThan(24);
  });

  it('keeps what dense documents within the token limit hold to the document budget', async () => {
    // `{ a0 a0 a0 … }`: each 6 KB text parses to over a megabyte of AST, tokens and locations.
    const before = heapAfterCollection();
    for (let index = 0; index < 60; index++) {
      const { body } = await gateway.post({ query: `{ ${`a${index} `.repeat(1600)}}` });
      expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const grownMb = (heapAfterCollection() - before) / (1024 * 1024);
    // Budgeted at 100 bytes a character, these held 39 MB; at 250, 15 MB.
    expect(grownMb).toBeLessThan(25);
  });

  it('keeps earlier APQ registrations when oversized texts are registered', async () => {
    const registration = (query: string) => ({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
    const ordinary = '{ interactions(first: 1) { totalCount } }';
    expect((await gateway.post(registration(ordinary))).body.data).toBeDefined();
    for (let index = 0; index < 8; index++) {
      expect((await gateway.post(registration(`# big ${index} ${'x'.repeat(900 * 1024)}\n{ __typename }`))).body.data).toEqual({
        __typename: 'Query',
      });
    }
    const byHash = await gateway.post({ extensions: registration(ordinary).extensions });
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data).toBeDefined();
  });
});
