import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ExecutionResult, print } from 'graphql';
import { type Config, loadConfig, type QueryProtection, type RateLimitSettings, type UpstreamTuning } from '../../src/config/index.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import type { LoaderFactories } from '../../src/loaders/index.js';
import type { Tracing } from '../../src/observability/index.js';
import type { GraphContext, GraphLimits } from '../../src/schema/index.js';
import type { StaticUiOptions } from '../../src/server/static-ui.js';
import type { RecordedRequest } from '../../src/simulator/request-log.js';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator/server.js';
import type { Upstreams } from '../../src/upstream/index.js';

export interface GatewayFixture {
  url: URL;
  simulator: Simulator;
  upstreams: Upstreams;
  /** A fresh context as the server gives each GraphQL request: its own loaders over these upstreams. */
  createContext(): GraphContext;
  /** The Yoga instance serving the graph. */
  yoga: Gateway['server']['yoga'];
  /** Every log line the gateway wrote, as JSON text. */
  logs: string[];
  execute<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables?: TVariables): Promise<ExecutionResult<TResult>>;
  /** A raw POST to /graphql, for requests a typed document cannot express. */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: ExecutionResult<Record<string, unknown>> }>;
  /** Upstream requests recorded since the last `resetRequests()`. */
  requests(upstream?: 'ctrlhub' | 'alpharun'): RecordedRequest[];
  resetRequests(): void;
  close(): Promise<void>;
}

export interface GatewayOptions {
  simulator?: SimulatorOptions;
  tuning?: Partial<UpstreamTuning>;
  limits?: Partial<GraphLimits>;
  requestTimeoutMs?: number;
  protection?: Partial<QueryProtection>;
  forwardCredentials?: boolean;
  apiKeys?: string[];
  /** `CTRLGRAPH_CORS_ORIGINS`: origins whose pages may read answers; none by default. */
  corsOrigins?: string[];
  /** Per-request loaders other than the batched ones (the naive baseline). */
  loaders?: LoaderFactories;
  jit?: boolean;
  cache?: { ttlMs: number };
  /** `CTRLGRAPH_REDIS_URL`: response cache, APQ store and rate-limit counters shared through Redis. */
  redisUrl?: string;
  /** `CTRLGRAPH_RATE_LIMIT` and its companions; off when absent. */
  rateLimit?: RateLimitSettings;
  persisted?: { manifest: ReadonlyMap<string, string>; only: boolean; apq: boolean };
  /** Admission control (`CTRLGRAPH_MAX_CONCURRENT_REQUESTS`); unlimited when absent. */
  admission?: { maxConcurrent: number | 'auto'; maxWaitMs: number };
  /** Serve `/metrics` (on by default, as in production). */
  metrics?: boolean;
  /** Record operation and upstream spans (see src/observability/tracing.ts). */
  tracing?: Tracing;
  /** Most items asked of Ctrl-Hub per request (`CTRLHUB_PAGE_LIMIT`). */
  ctrlhubPageLimit?: number;
  /** How long an upstream answer counts as proof of readiness (0: probe on every check). */
  readinessFreshMs?: number;
  /** Upstream requests one GraphQL request may cause (`CTRLGRAPH_MAX_UPSTREAM_REQUESTS`). */
  maxUpstreamRequests?: number;
  /** Serve the GraphiQL page (`GRAPHIQL`); on by default. */
  graphiql?: boolean;
  /** Serve a built single-page app at `/ui/` (`CTRLGRAPH_UI_DIR`). */
  ui?: StaticUiOptions;
}

/** The real gateway (`createGateway`, Yoga over node:http on port 0) in front of a simulator on port 0. */
export async function startGateway(options: GatewayOptions = {}): Promise<GatewayFixture> {
  const simulator = await startSimulator({ port: 0, ...options.simulator });
  const logs: string[] = [];
  const gateway = await createGateway(testConfig(options), {
    endpoints: simulator.endpoints,
    logDestination: { write: (line: string) => void logs.push(line) },
    secrets: [simulator.ctrlhubSessionToken, simulator.alpharunApiToken],
    ...(options.tracing ? { tracing: options.tracing } : {}),
    ...(options.persisted ? { manifest: options.persisted.manifest } : {}),
    ...(options.loaders ? { loaders: options.loaders } : {}),
  });
  const { upstreams } = gateway;
  const url = await gateway.listen();

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as ExecutionResult<Record<string, unknown>> };
  }

  return {
    url,
    simulator,
    upstreams,
    createContext: () => gateway.server.createContext(new Request(url), new AbortController().signal),
    yoga: gateway.server.yoga,
    logs,
    async execute(document, variables) {
      const { body } = await post({ query: print(document), variables });
      return body as ExecutionResult<never>;
    },
    post,
    requests: (upstream) => (upstream ? simulator.requests.of(upstream) : [...simulator.requests.entries]),
    resetRequests: () => simulator.requests.clear(),
    async close() {
      await gateway.close();
      await simulator.close();
    },
  };
}

/** The production defaults (`loadConfig({})`) with a test's overrides; retries wait 10 ms, not 200. */
function testConfig(options: GatewayOptions): Config {
  // `CTRLGRAPH_JIT=false npm test` runs the whole suite on the interpreter instead of compiled execution.
  const defaults = loadConfig({ LOG_LEVEL: 'debug', CTRLGRAPH_JIT: process.env.CTRLGRAPH_JIT });
  const tuning = (own: UpstreamTuning): UpstreamTuning => ({ ...own, retryBaseDelayMs: 10, ...options.tuning });
  return {
    ...defaults,
    port: 0,
    host: '127.0.0.1',
    simulator: false,
    shutdownTimeoutMs: 1000,
    tuning: { ctrlhub: tuning(defaults.tuning.ctrlhub), alpharun: tuning(defaults.tuning.alpharun) },
    ctrlhubPageLimit: options.ctrlhubPageLimit ?? defaults.ctrlhubPageLimit,
    maxPageSize: options.limits?.maxPageSize ?? defaults.maxPageSize,
    defaultPageSize: options.limits?.defaultPageSize ?? defaults.defaultPageSize,
    maxNodes: options.limits?.maxNodes ?? defaults.maxNodes,
    alpharunPageLimit: options.limits?.alpharunPageLimit ?? defaults.alpharunPageLimit,
    requestTimeoutMs: options.requestTimeoutMs ?? defaults.requestTimeoutMs,
    maxUpstreamRequests: options.maxUpstreamRequests ?? defaults.maxUpstreamRequests,
    graphiql: options.graphiql ?? defaults.graphiql,
    uiDir: options.ui?.directory,
    readinessFreshMs: options.readinessFreshMs ?? defaults.readinessFreshMs,
    admission: options.admission ?? { ...defaults.admission, maxConcurrent: 0 },
    jit: options.jit ?? defaults.jit,
    cache: { ttlMs: options.cache?.ttlMs ?? 0 },
    redisUrl: options.redisUrl,
    rateLimit: options.rateLimit,
    protection: { ...defaults.protection, ...options.protection, ...(options.limits?.maxCost ? { maxCost: options.limits.maxCost } : {}) },
    persisted: options.persisted
      ? { manifestPath: undefined, only: options.persisted.only, apq: options.persisted.apq }
      : defaults.persisted,
    telemetry: { ...defaults.telemetry, metrics: options.metrics ?? true, otlpEndpoint: undefined },
    forwardCredentials: options.forwardCredentials ?? false,
    apiKeys: options.apiKeys ?? [],
    corsOrigins: options.corsOrigins ?? [],
  };
}

/** The single element of a list, failing loudly otherwise. */
export function only<T>(items: readonly T[]): T {
  if (items.length !== 1) throw new Error(`expected exactly one item, got ${items.length}`);
  return items[0] as T;
}
