import { afterEach, describe, expect, it } from 'vitest';
import { OperationNameLabels } from '../../src/observability/operation-names.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/**
 * No metric label takes a client-chosen value without bound: 20,000 requests named `Op_<n>` once grew
 * /metrics to 860,000 lines (272 MB). Past the cap of distinct names, /metrics stops growing.
 */
let gateway: GatewayFixture | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const scrape = async (fixture: GatewayFixture) => (await fetch(new URL('/metrics', fixture.url))).text();

async function inBatches(count: number, send: (index: number) => Promise<unknown>) {
  for (let start = 0; start < count; start += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - start) }, (_, offset) => send(start + offset)));
  }
}

describe('bounded metrics', () => {
  it('stops growing /metrics once distinct operation names, error paths, query strings and methods pass the cap', async () => {
    const fixture = await startGateway();
    gateway = fixture;
    const send = async (n: number) => {
      // A client-chosen name, alias (the error's path) and query string, then a client-chosen method.
      const url = new URL(fixture.url);
      url.searchParams.set('n', String(n));
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `query Op_${n} { a${n}: contact(id: "..") { id } }` }),
      });
      await fetch(fixture.url, { method: `M${n}` }).catch(() => undefined);
    };
    await inBatches(150, send);
    const atCap = Buffer.byteLength(await scrape(fixture));
    await inBatches(600, (n) => send(150 + n));
    const metrics = await scrape(fixture);
    const after = Buffer.byteLength(metrics);

    // 600 more distinct names add no series: only the digits of counters and sums grow.
    expect(after - atCap).toBeLessThan(atCap * 0.05);
    expect(metrics).toContain('operationName="other"');
    expect(metrics).not.toMatch(/Op_749|a749|n=749|M749/);
    // The first names seen keep their own series, up to CTRLGRAPH_METRICS_MAX_OPERATION_NAMES (100).
    expect(metrics).toContain('operationName="Op_0"');
    expect(metrics).not.toContain('operationName="Op_100"');
  }, 120_000);

  it('always keeps the names of persisted operations', () => {
    const labels = new OperationNameLabels(2);
    labels.know(['OrgPage']);
    expect(['A', 'B', 'C', 'OrgPage', 'A'].map((name) => labels.label(name))).toEqual(['A', 'B', 'other', 'OrgPage', 'A']);
    expect([undefined, 'Anonymous', 'not a name!', 'x'.repeat(101)].map((name) => new OperationNameLabels(10).label(name))).toEqual([
      'Anonymous',
      'Anonymous',
      'other',
      'other',
    ]);
  });
});
