/**
 * `npm start`: reads the configuration, starts the embedded simulator in demo mode, connects the
 * upstream clients and serves the graph until SIGTERM/SIGINT.
 */
import { ConfigError, loadConfig, type Config, type UpstreamEndpoints } from './config/index.js';
import { createMetrics, upstreamSpanRecorder } from './observability/index.js';
import { createGraphServer } from './server/graph-server.js';
import { createLogger } from './server/logger.js';
import { loadManifest, ManifestError } from './server/persisted-operations.js';
import { createReadiness } from './server/readiness.js';
import { startSimulator, type Simulator } from './simulator/server.js';
import { createUpstreams } from './upstream/index.js';

let config: Config;
let manifest: Map<string, string>;
try {
  config = loadConfig();
  manifest = config.persisted.manifestPath ? loadManifest(config.persisted.manifestPath) : new Map();
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof ManifestError)) throw error;
  process.stderr.write(`ctrlgraph: invalid configuration: ${error.message}\n`);
  process.exit(1);
}

const logger = createLogger(config.logLevel, {
  secrets: [...config.apiKeys, ...(config.upstreams ? [config.upstreams.ctrlhub.sessionToken, config.upstreams.alpharun.apiToken] : [])],
});

let simulator: Simulator | undefined;
let endpoints: UpstreamEndpoints | undefined = config.upstreams;
if (config.simulator) {
  simulator = await startSimulator({ port: 0 });
  endpoints = simulator.endpoints;
  logger.warn(
    { ctrlhubBaseUrl: simulator.ctrlhubBaseUrl, alpharunBaseUrl: simulator.alpharunBaseUrl },
    'DEMO MODE: no upstream configured, serving the embedded upstream simulator with seeded demo data (set CTRLHUB_BASE_URL and ALPHARUN_BASE_URL for the real APIs)',
  );
}
if (!endpoints) throw new Error('no upstream endpoints configured');

// Tracing first: its provider must be the global one before any request runs.
const tracing = config.telemetry.otlpEndpoint
  ? (await import('./observability/tracing.js')).startOtlpTracing(config.telemetry.serviceName)
  : undefined;
const recordUpstreamSpan = tracing ? upstreamSpanRecorder(tracing.provider) : undefined;

const upstreams = createUpstreams({
  endpoints,
  tuning: config.tuning,
  ctrlhubPageLimit: config.ctrlhubPageLimit,
  answersPerTurn: config.answersPerTurn,
  logger: logger.child({ component: 'upstream' }),
  onAttempt: (attempt) => {
    readiness.observe(attempt);
    metrics?.observeAttempt(attempt);
    recordUpstreamSpan?.(attempt);
    logger.debug(attempt, 'upstream call');
  },
});
// Attempts are observed only once requests flow, by which time `readiness` and `metrics` exist.
const readiness = createReadiness(upstreams, 30_000);
const metrics = config.telemetry.metrics ? createMetrics(upstreams.http) : undefined;

const server = createGraphServer({
  upstreams,
  logger,
  readiness,
  graphiql: config.graphiql,
  batching: config.batching,
  jit: config.jit,
  cache: config.cache,
  protection: config.protection,
  observability: { metrics, tracing },
  persisted: { manifest, only: config.persisted.only, apq: config.persisted.apq },
  forwardCredentials: config.forwardCredentials,
  apiKeys: config.apiKeys,
  requestTimeoutMs: config.requestTimeoutMs,
  ...(config.admission.maxConcurrent > 0 ? { admission: config.admission } : {}),
  ...(config.uiDir ? { ui: { directory: config.uiDir } } : {}),
  limits: {
    maxPageSize: config.maxPageSize,
    defaultPageSize: 20,
    maxNodes: config.maxNodes,
    maxCost: config.protection.maxCost,
    alpharunPageLimit: 100,
  },
});

try {
  const url = await server.listen(config.port, config.host);
  logger.info(
    {
      url: url.href,
      simulator: Boolean(simulator),
      ctrlhub: endpoints.ctrlhub.baseUrl,
      alpharun: endpoints.alpharun.baseUrl,
      metrics: Boolean(metrics),
      tracing: config.telemetry.otlpEndpoint ?? false,
      ui: config.uiDir ? new URL('/ui/', url).href : false,
    },
    `ctrlgraph listening on ${url.href}`,
  );
} catch (error) {
  process.stderr.write(`ctrlgraph: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}\n`);
  process.exit(1);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing in-flight requests');
  await server.close(config.shutdownTimeoutMs);
  await upstreams.close();
  await simulator?.close();
  // Sends the spans still buffered.
  await tracing?.shutdown();
  logger.info('stopped');
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
