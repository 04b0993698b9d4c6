import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState } from '../upstream/http/breaker.js';
import type { UpstreamAttempt } from '../upstream/http/client.js';
import type { UpstreamName } from '../upstream/http/errors.js';
import { OperationNameLabels } from './operation-names.js';

/**
 * ctrlgraph's own Prometheus metrics, next to the per-operation ones of Yoga's Prometheus plugin
 * (served together at `/metrics`, one registry per gateway so tests and processes never share one).
 */
export interface GatewayMetrics {
  registry: Registry;
  /** The operation-name label of the per-operation metrics, bounded (see `OperationNameLabels`). */
  operationNames: OperationNameLabels;
  /** The text `/metrics` serves: this registry, or every worker's merged when the process is one of several. */
  render(): Promise<string>;
  observeAttempt(attempt: UpstreamAttempt): void;
  observeBatch(loader: string, size: number): void;
  /** Reports the admission queue (requests executing and waiting) at each scrape. */
  watchAdmission(load: () => { running: number; waiting: number; limit: number }): void;
}

const BREAKER_LEVEL: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export interface MetricsOptions {
  /** Operation names, beyond the persisted ones, that get series of their own (`CTRLGRAPH_METRICS_MAX_OPERATION_NAMES`). */
  maxOperationNames: number;
  /** In a worker: makes the registry one of the cluster's and returns what renders all of them merged. */
  joinCluster?: ((registry: Registry) => () => Promise<string>) | undefined;
}

export function createMetrics(
  upstreams: Record<UpstreamName, { breakerState(): BreakerState }>,
  { maxOperationNames, joinCluster }: MetricsOptions,
): GatewayMetrics {
  const registry = new Registry();
  // The process: CPU, resident memory, heap spaces, GC pauses, event-loop delay (prom-client's standard set).
  collectDefaultMetrics({ register: registry });
  const upstreamRequests = new Counter({
    name: 'ctrlgraph_upstream_requests_total',
    help: 'Upstream HTTP requests (each retry counts), by upstream and response status ("error" when none came).',
    labelNames: ['upstream', 'status'] as const,
    registers: [registry],
  });
  const upstreamDuration = new Histogram({
    name: 'ctrlgraph_upstream_request_duration_seconds',
    help: 'Duration of upstream HTTP requests, by upstream and response status.',
    labelNames: ['upstream', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const upstreamBatch = new Histogram({
    name: 'ctrlgraph_upstream_request_batch_size',
    help: 'Records one upstream request asks for at once (ids in its filter).',
    labelNames: ['upstream'] as const,
    buckets: [1, 2, 5, 10, 25, 50, 100, 250],
    registers: [registry],
  });
  const loaderBatch = new Histogram({
    name: 'ctrlgraph_loader_batch_size',
    help: 'Keys per DataLoader batch, by loader: how many field resolutions became one load.',
    labelNames: ['loader'] as const,
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500],
    registers: [registry],
  });
  new Gauge({
    name: 'ctrlgraph_upstream_breaker_state',
    help: 'Circuit breaker of each upstream: 0 closed, 1 half-open, 2 open.',
    labelNames: ['upstream'] as const,
    registers: [registry],
    // With workers, the worst of theirs: summed, two open breakers read 4, a state that does not exist.
    aggregator: 'max',
    collect() {
      for (const [upstream, http] of Object.entries(upstreams)) this.set({ upstream }, BREAKER_LEVEL[http.breakerState()]);
    },
  });

  let admission: (() => { running: number; waiting: number; limit: number }) | undefined;
  new Gauge({
    name: 'ctrlgraph_requests_in_flight',
    help: 'GraphQL requests executing ("running") and queued by admission control ("waiting").',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      if (!admission) return;
      const { running, waiting } = admission();
      this.set({ state: 'running' }, running);
      this.set({ state: 'waiting' }, waiting);
    },
  });
  new Gauge({
    name: 'ctrlgraph_admission_limit',
    help: 'GraphQL requests admission control lets execute at once now (adaptive with CTRLGRAPH_MAX_CONCURRENT_REQUESTS=auto).',
    registers: [registry],
    collect() {
      if (admission) this.set(admission().limit);
    },
  });

  return {
    registry,
    operationNames: new OperationNameLabels(maxOperationNames),
    render: joinCluster ? joinCluster(registry) : () => registry.metrics(),
    watchAdmission(load) {
      admission = load;
    },
    observeAttempt(attempt) {
      const labels = { upstream: attempt.upstream, status: attempt.status === undefined ? 'error' : String(attempt.status) };
      upstreamRequests.inc(labels);
      upstreamDuration.observe(labels, attempt.durationMs / 1000);
      upstreamBatch.observe({ upstream: attempt.upstream }, attempt.batchSize);
    },
    observeBatch(loader, size) {
      loaderBatch.observe({ loader }, size);
    },
  };
}
