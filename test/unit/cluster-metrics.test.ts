import { AggregatorRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.js';
import type { BreakerState } from '../../src/upstream/http/breaker.js';

/** What `/metrics` shows under `CTRLGRAPH_WORKERS`: each worker's registry merged by prom-client's cluster aggregation. */
async function merged(states: BreakerState[]) {
  const registries = states.map(
    (state) =>
      createMetrics({ ctrlhub: { breakerState: () => state }, alpharun: { breakerState: () => 'closed' } }, { maxOperationNames: 10 })
        .registry,
  );
  const all = AggregatorRegistry.aggregate(await Promise.all(registries.map((registry) => registry.getMetricsAsJSON())));
  const breaker = await all.getSingleMetric('ctrlgraph_upstream_breaker_state')?.get();
  return Object.fromEntries((breaker?.values ?? []).map((value) => [value.labels.upstream, value.value]));
}

describe('merged metrics of several workers', () => {
  it("show each upstream's breaker as the worst of the workers', a state that exists", async () => {
    expect(await merged(['open', 'open'])).toEqual({ ctrlhub: 2, alpharun: 0 });
    expect(await merged(['closed', 'half-open'])).toEqual({ ctrlhub: 1, alpharun: 0 });
  });
});
