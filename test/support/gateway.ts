import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import {
  defaultAnswersPerTurn,
  defaultProtection,
  defaultTuning,
  type QueryProtection,
  type UpstreamTuning,
} from '../../src/config/index.js';
import type { GraphLimits } from '../../src/schema/index.js';
import { createMetrics, upstreamSpanRecorder, type Tracing } from '../../src/observability/index.js';
import { createGraphServer } from '../../src/server/graph-server.js';
import { createLogger } from '../../src/server/logger.js';
import { createReadiness } from '../../src/server/readiness.js';
import type { StaticUiOptions } from '../../src/server/static-ui.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/server.js';
import type { RecordedRequest } from '../../src/simulator/request-log.js';
import { createUpstreams, type Upstreams } from '../../src/upstream/index.js';

export interface GatewayFixture {
  url: URL;
  simulator: Simulator;
  upstreams: Upstreams;
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
  batching?: boolean;
  jit?: boolean;
  cache?: { ttlMs: number; redisUrl?: string };
  persisted?: { manifest: ReadonlyMap<string, string>; only: boolean; apq: boolean };
  /** Admission control (`CTRLGRAPH_MAX_CONCURRENT_REQUESTS`); unlimited when absent. */
  admission?: { maxConcurrent: number; maxWaitMs: number };
  /** Serve `/metrics` (on by default, as in production). */
  metrics?: boolean;
  /** Record operation and upstream spans (see src/observability/tracing.ts). */
  tracing?: Tracing;
  /** Most items asked of Ctrl-Hub per request (`CTRLHUB_PAGE_LIMIT`). */
  ctrlhubPageLimit?: number;
  /** How long an upstream answer counts as proof of readiness (0: probe on every check). */
  readinessFreshMs?: number;
  /** Serve a built single-page app at `/ui/` (`CTRLGRAPH_UI_DIR`). */
  ui?: StaticUiOptions;
}

/** The real gateway (Yoga over node:http on port 0) in front of a simulator on port 0. */
export async function startGateway(options: GatewayOptions = {}): Promise<GatewayFixture> {
  const simulator = await startSimulator({ port: 0, ...options.simulator });
  const logs: string[] = [];
  const logger = createLogger('debug', {
    destination: { write: (line: string) => void logs.push(line) },
    secrets: [simulator.ctrlhubSessionToken, simulator.alpharunApiToken, ...(options.apiKeys ?? [])],
  });
  const upstreams = createUpstreams({
    endpoints: simulator.endpoints,
    tuning: { ...defaultTuning(), retryBaseDelayMs: 10, ...options.tuning },
    ctrlhubPageLimit: options.ctrlhubPageLimit ?? 100,
    answersPerTurn: defaultAnswersPerTurn(),
    logger,
    onAttempt: (attempt) => {
      readiness.observe(attempt);
      metrics?.observeAttempt(attempt);
      recordUpstreamSpan?.(attempt);
    },
  });
  const metrics = options.metrics === false ? undefined : createMetrics(upstreams.http);
  const recordUpstreamSpan = options.tracing ? upstreamSpanRecorder(options.tracing.provider) : undefined;
  const readiness = createReadiness(upstreams, options.readinessFreshMs ?? 30_000);
  const server = createGraphServer({
    upstreams,
    logger,
    readiness,
    graphiql: true,
    protection: { ...defaultProtection(), ...options.protection },
    forwardCredentials: options.forwardCredentials ?? false,
    batching: options.batching ?? true,
    jit: options.jit ?? false,
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.persisted ? { persisted: options.persisted } : {}),
    ...(options.admission ? { admission: options.admission } : {}),
    ...(options.ui ? { ui: options.ui } : {}),
    observability: { metrics, tracing: options.tracing },
    apiKeys: options.apiKeys ?? [],
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    limits: {
      maxPageSize: 500,
      defaultPageSize: 20,
      maxNodes: 100,
      maxCost: options.protection?.maxCost ?? defaultProtection().maxCost,
      alpharunPageLimit: 100,
      ...options.limits,
    },
  });
  const url = await server.listen(0, '127.0.0.1');

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
    upstreams: upstreams,
    logs,
    async execute(document, variables) {
      const { body } = await post({ query: print(document), variables });
      return body as ExecutionResult<never>;
    },
    post,
    requests: (upstream) => (upstream ? simulator.requests.of(upstream) : [...simulator.requests.entries]),
    resetRequests: () => simulator.requests.clear(),
    async close() {
      await server.close(1000);
      await upstreams.close();
      await simulator.close();
    },
  };
}

/** The single element of a list, failing loudly otherwise. */
export function only<T>(items: readonly T[]): T {
  if (items.length !== 1) throw new Error(`expected exactly one item, got ${items.length}`);
  return items[0] as T;
}
