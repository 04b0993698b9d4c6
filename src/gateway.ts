/**
 * The one place that assembles a gateway from a `Config`: upstream clients (or the embedded simulator
 * in demo mode), observability, readiness and the HTTP server. The entry point, the tests and the
 * benchmarks all build it here, so a default lives in `src/config` and nowhere else.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { DestinationStream, Logger } from 'pino';
import type { Registry } from 'prom-client';
import { type Config, demoModeNotice, type UpstreamEndpoints } from './config/index.js';
import type { LoaderFactories } from './loaders/index.js';
import { createMetrics, type Tracing, upstreamSpanRecorder } from './observability/index.js';
import { memoryRateLimitStore } from './rate-limit/gcra.js';
import { createAdmission } from './server/admission.js';
import { createGraphServer, type GraphServer } from './server/graph-server.js';
import { createLogger } from './server/logger.js';
import { loadManifest } from './server/persisted-operations.js';
import { createRateLimitGuard } from './server/rate-limit.js';
import { createReadiness } from './server/readiness.js';
import type { Simulator } from './simulator/server.js';
import { createUpstreams, type Upstreams } from './upstream/index.js';

/** What a caller supplies that is not configuration: where logs go, and test or benchmark plumbing. */
export interface GatewayWiring {
  /** Where log lines go; standard output when absent. */
  logDestination?: DestinationStream;
  /** Values never written to the log, on top of the configured tokens and API keys. */
  secrets?: readonly string[];
  /** Upstreams to call instead of the configured ones or the embedded simulator. */
  endpoints?: UpstreamEndpoints;
  /** A tracer to record into instead of the OTLP exporter that configuration would start. */
  tracing?: Tracing;
  /** Persisted operations already in memory, instead of the manifest file named by configuration. */
  manifest?: ReadonlyMap<string, string>;
  /** Per-request loaders other than the batched ones (the benchmark's naive baseline, `bench/lib/naive-loaders.ts`). */
  loaders?: LoaderFactories;
  /** In a worker process: joins the metrics registry to the cluster's, for `/metrics` to serve all workers. */
  joinMetricsCluster?: (registry: Registry) => () => Promise<string>;
}

export interface Gateway {
  config: Config;
  logger: Logger;
  /** Where the upstream clients point (the simulator's addresses in demo mode). */
  endpoints: UpstreamEndpoints;
  upstreams: Upstreams;
  server: GraphServer;
  /** The embedded simulator, in demo mode only. */
  simulator: Simulator | undefined;
  /** Listens on the configured host and port; resolves to the GraphQL endpoint's URL. */
  listen(): Promise<URL>;
  /** Finishes in-flight requests (within the configured shutdown time), then releases everything. */
  close(): Promise<void>;
}

/** How long a stop waits for the trace exporter to send the spans still buffered. */
const TRACE_FLUSH_MS = 2_000;

export async function createGateway(config: Config, wiring: GatewayWiring = {}): Promise<Gateway> {
  let simulator: Simulator | undefined;
  let endpoints = wiring.endpoints ?? config.upstreams;
  if (!endpoints && config.simulator) {
    // Loaded only in demo mode: a production install never runs it.
    const { startSimulator } = await import('./simulator/server.js');
    simulator = await startSimulator({ port: 0 });
    endpoints = simulator.endpoints;
  }
  if (!endpoints) throw new Error('no upstream endpoints: configure both upstreams or turn the simulator on');

  const logger = createLogger(config.logLevel, {
    ...(wiring.logDestination ? { destination: wiring.logDestination } : {}),
    secrets: [...config.apiKeys, endpoints.ctrlhub.sessionToken, endpoints.alpharun.apiToken, ...(wiring.secrets ?? [])],
  });
  if (simulator) {
    logger.warn({ ctrlhubBaseUrl: simulator.ctrlhubBaseUrl, alpharunBaseUrl: simulator.alpharunBaseUrl }, demoModeNotice(config));
  }

  // Tracing first: its provider must be the global one before any request runs.
  const tracing =
    wiring.tracing ??
    (config.telemetry.otlpEndpoint
      ? (await import('./observability/tracing.js')).startOtlpTracing(config.telemetry.serviceName)
      : undefined);
  const recordUpstreamSpan = tracing ? upstreamSpanRecorder(tracing.provider) : undefined;

  const upstreams = createUpstreams({
    endpoints,
    tuning: config.tuning,
    ctrlhubPageLimit: config.ctrlhubPageLimit,
    answersPerTurn: config.answersPerTurn,
    logger: logger.child({ component: 'upstream' }),
    onAttempt: (attempt) => {
      readiness.observe(attempt);
      admission?.roundTrip(attempt);
      metrics?.observeAttempt(attempt);
      recordUpstreamSpan?.(attempt);
      logger.debug(attempt, 'upstream call');
    },
  });
  // Attempts are observed only once requests flow, by which time `readiness`, `metrics` and `admission` exist.
  const readiness = createReadiness(upstreams, config.readinessFreshMs);
  const metrics = config.telemetry.metrics
    ? createMetrics(upstreams.http, { maxOperationNames: config.telemetry.maxOperationNames, joinCluster: wiring.joinMetricsCluster })
    : undefined;
  const { maxConcurrent } = config.admission;
  const admission = maxConcurrent === 'auto' || maxConcurrent > 0 ? createAdmission(config.admission) : undefined;
  const manifest = wiring.manifest ?? (config.persisted.manifestPath ? loadManifest(config.persisted.manifestPath) : new Map());

  // Redis is loaded only when configured: a plain install never imports it.
  const sharedRedis = config.redisUrl
    ? (await import('./state/shared-redis.js')).connectSharedRedis(config.redisUrl, logger.child({ component: 'shared-state' }))
    : undefined;
  const sharedApq = sharedRedis && (await import('./state/shared-apq.js')).sharedApqStore(sharedRedis);
  const rateLimit = config.rateLimit
    ? createRateLimitGuard({
        settings: config.rateLimit,
        store: sharedRedis
          ? (await import('./state/shared-rate-limit.js')).sharedRateLimitStore(sharedRedis, config.rateLimit)
          : memoryRateLimitStore(config.rateLimit),
        fallback: memoryRateLimitStore(config.rateLimit),
        apiKeys: config.apiKeys,
      })
    : undefined;

  const server = createGraphServer({
    upstreams,
    logger,
    readiness,
    graphiql: config.graphiql,
    ...(wiring.loaders ? { loaderFactories: wiring.loaders } : {}),
    jit: config.jit,
    cache: config.cache,
    sharedRedis,
    rateLimit,
    protection: config.protection,
    observability: { metrics, tracing },
    persisted: { manifest, only: config.persisted.only, apq: config.persisted.apq, ...(sharedApq ? { sharedApq } : {}) },
    forwardCredentials: config.forwardCredentials,
    apiKeys: config.apiKeys,
    corsOrigins: config.corsOrigins,
    requestTimeoutMs: config.requestTimeoutMs,
    maxUpstreamRequests: config.maxUpstreamRequests,
    maxFilterChars: config.maxFilterChars,
    alpharunConcurrency: config.alpharunConcurrency,
    admission,
    ...(config.uiDir ? { ui: { directory: config.uiDir } } : {}),
    limits: {
      maxPageSize: config.maxPageSize,
      defaultPageSize: config.defaultPageSize,
      maxNodes: config.maxNodes,
      maxCost: config.protection.maxCost,
      alpharunPageLimit: config.alpharunPageLimit,
    },
  });

  return {
    config,
    logger,
    endpoints,
    upstreams,
    server,
    simulator,
    listen: () => server.listen(config.port, config.host),
    async close() {
      await server.close(config.shutdownTimeoutMs);
      rateLimit?.close();
      await sharedRedis?.close();
      await upstreams.close();
      await simulator?.close();
      // Sends the spans still buffered; a tracer handed in belongs to the caller. A collector that is down
      // or silent neither holds the stop (the exporter's own timeout is 10 s) nor fails it.
      if (tracing && !wiring.tracing) {
        const failed = await Promise.race([
          tracing.shutdown().then(
            () => undefined,
            (error: unknown) => (error instanceof Error ? error.message : String(error)),
          ),
          // Unreferenced: the wait itself never keeps the process up.
          sleep(TRACE_FLUSH_MS, `timed out after ${TRACE_FLUSH_MS} ms`, { ref: false }),
        ]);
        if (failed !== undefined) logger.warn({ reason: failed }, 'stopping: buffered trace spans were not exported');
      }
    },
  };
}
