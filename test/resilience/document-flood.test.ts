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
});
