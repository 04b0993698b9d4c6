import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { createLoaders, type LoaderFactories } from '../loaders/index.js';
import { observabilityPlugins, type ObservabilityOptions } from '../observability/index.js';
import { operationNamesIn } from '../observability/operation-names.js';
import { schema, type GraphContext, type GraphLimits } from '../schema/index.js';
import type { ErrorCode } from '../errors/index.js';
import type { QueryProtection } from '../config/index.js';
import { UpstreamBudget } from '../upstream/http/budget.js';
import type { Upstreams } from '../upstream/index.js';
import type { Admission } from './admission.js';
import { useApiKeys } from './api-keys.js';
import { callerCredentials } from './caller-credentials.js';
import { useCompiledExecution } from './compiled-execution.js';
import { bodyRefusal, createBodyBudget, receiveBody, withReceivedBody } from './body-limit.js';
import { createCors } from './cors.js';
import { parserCaches } from './document-caches.js';
import { createMaskError } from './error-masking.js';
import { writeErrorResponse } from './error-response.js';
import { incrementalDelivery } from './incremental-delivery.js';
import { createLoaderRelease } from './loader-release.js';
import { yogaLogger } from './logger.js';
import { graphiqlExampleTabs, offlineGraphiQL, useGraphiQLFraming } from './graphiql.js';
import type { Readiness } from './readiness.js';
import { PERSISTED_PARAM_NAMES, persistedOperations, type PersistedOperationsOptions } from './persisted-operations.js';
import { queryProtection } from './query-protection.js';
import { useQueryCost } from './query-cost.js';
import type { RateLimitGuard } from './rate-limit.js';
import { createExecutionProbe } from './readiness-probe.js';
import { requestDeadline } from './request-deadline.js';
import { useRouteGuard } from './route-guard.js';
import { useCodedRequestErrors } from './request-errors.js';
import { ENDPOINTS, routeOf, yogaTarget, type Route } from './routes.js';
import { createResponseCache } from './response-cache.js';
import type { SharedRedis } from '../state/shared-redis.js';
import { createRequestLog, type RequestLogEntry } from './request-logging.js';
import { createStaticUi, type StaticUiOptions } from './static-ui.js';

export interface GraphServerOptions {
  upstreams: Upstreams;
  logger: Logger;
  limits: GraphLimits;
  graphiql: boolean;
  protection: QueryProtection;
  /** Use a caller's own upstream credentials (request headers) for its upstream calls. */
  forwardCredentials: boolean;
  /** When not empty, GraphQL requests need one of these as a bearer token. */
  apiKeys: readonly string[];
  /** Origins whose pages may read answers cross-origin (`*`: any); none when empty or absent. */
  corsOrigins?: readonly string[];
  /** How many GraphQL requests execute at once, and how long the others may wait; unlimited when absent. Stopped with the server. */
  admission?: Admission | undefined;
  /** Deadline for all upstream work of one GraphQL request. */
  requestTimeoutMs: number;
  /** Upstream requests one GraphQL request may cause (`CTRLGRAPH_MAX_UPSTREAM_REQUESTS`). */
  maxUpstreamRequests: number;
  readiness: Readiness;
  /** Budget for the ids of one Ctrl-Hub filter expression. */
  maxFilterChars: number;
  /** Concurrent Alpharun requests of one GraphQL request. */
  alpharunConcurrency: number;
  /** How the per-request loaders are made; the batched ones unless a benchmark hands in its baseline. */
  loaderFactories?: LoaderFactories;
  /** Execute compiled queries (graphql-jit) instead of the interpreter (see `CTRLGRAPH_JIT`). */
  jit?: boolean;
  /** Persisted operations and APQ; without it, APQ alone is accepted. */
  persisted?: Omit<PersistedOperationsOptions, 'apqCapacity'>;
  /** `/metrics` and OpenTelemetry spans; each off when absent. */
  observability?: ObservabilityOptions;
  /** Whole-response cache; off unless a TTL is given. */
  cache?: { ttlMs: number };
  /** State shared with other instances (response cache, APQ store); this process's memory when absent. */
  sharedRedis?: SharedRedis | undefined;
  /** Per-caller request limits, checked before a GraphQL request reaches Yoga; none when absent. */
  rateLimit?: RateLimitGuard | undefined;
  /** A built single-page app served at `/ui/` (`CTRLGRAPH_UI_DIR`); none when absent. */
  ui?: StaticUiOptions;
}

/** What the HTTP layer hands Yoga with each request. */
export interface RequestServerContext {
  /** Aborted when the request's deadline passes or its client leaves. */
  deadline: AbortSignal;
  /** The route the HTTP layer decided on (see `routes.ts`); every guard reads this, none decides again. */
  route: Route;
  /** Runs `listener` once the HTTP response has ended: sent, or its client gone. */
  afterResponse(listener: () => void): void;
  /** The request's log line, which Yoga's hooks complete (absent for the gateway's own readiness probe). */
  requestLog?: RequestLogEntry;
}

export interface GraphServer {
  yoga: YogaServerInstance<RequestServerContext, GraphContext>;
  /** The context every GraphQL request gets: its own loaders, stopped by `deadline`. */
  createContext(request: Request, deadline: AbortSignal): GraphContext;
  http: Server;
  listen(port: number, host: string): Promise<URL>;
  /** Stops accepting, lets in-flight requests finish within `timeoutMs`, then closes what is left. */
  close(timeoutMs: number): Promise<void>;
}

export function createGraphServer(options: GraphServerOptions): GraphServer {
  const { upstreams, logger, limits } = options;
  const responseCache = createResponseCache({
    ttlMs: options.cache?.ttlMs ?? 0,
    redis: options.sharedRedis,
    forwardCredentials: options.forwardCredentials,
  });
  const loaderRelease = createLoaderRelease();
  const cors = createCors(options.corsOrigins ?? []);
  const staticUi = options.ui ? createStaticUi(options.ui) : undefined;
  const requestLog = createRequestLog(logger);
  const maskError = createMaskError(logger);
  // Bodies held before their requests execute: sixteen of the largest a request may send.
  const bodies = createBodyBudget(16 * options.protection.maxBodyBytes);
  function createContext(request: Request, deadline: AbortSignal): GraphContext {
    const credentials = options.forwardCredentials ? callerCredentials(request.headers) : undefined;
    return {
      limits,
      // Loaders are per request, so a caller's credentials and what they fetched never reach another caller.
      loaders: createLoaders(upstreams.forRequest({ credentials, budget: new UpstreamBudget(options.maxUpstreamRequests) }), {
        // Client disconnects and the request deadline both stop this request's upstream calls.
        signal: deadline,
        maxFilterChars: options.maxFilterChars,
        alpharunConcurrency: options.alpharunConcurrency,
        alpharunProfilePageLimit: limits.alpharunPageLimit,
        onCount: (strategy, requests, parents) => logger.debug({ strategy, requests, parents }, 'counted nested interaction lists'),
        ...(options.observability?.metrics ? { onBatch: options.observability.metrics.observeBatch } : {}),
        onWrite: responseCache.invalidateWrite,
        ...(options.loaderFactories ? { factories: options.loaderFactories } : {}),
      }),
    };
  }
  const yoga: YogaServerInstance<RequestServerContext, GraphContext> = createYoga<RequestServerContext, GraphContext>({
    schema,
    graphqlEndpoint: ENDPOINTS.graphql,
    extraParamNames: PERSISTED_PARAM_NAMES,
    healthCheckEndpoint: ENDPOINTS.health,
    landingPage: false,
    graphiql: options.graphiql ? { title: 'ctrlgraph', defaultTabs: graphiqlExampleTabs() } : false,
    renderGraphiQL: offlineGraphiQL((error) => logger.error({ err: error }, 'GraphiQL could not be loaded')),
    logging: yogaLogger(logger),
    maskedErrors: { maskError },
    context: ({ request, deadline, afterResponse }) => {
      const context = createContext(request, deadline);
      // Left to the garbage collector, what the loaders held (each 100-row page's records) outlived two
      // young-generation collections and was promoted: at 1 client 0.32 MB a request, 0.07 MB once
      // released, and GC threads' CPU cut by three quarters (bench/README.md, Round 8).
      loaderRelease.track(context.loaders, afterResponse);
      return context;
    },
    // The HTTP layer below refuses a body over CTRLGRAPH_MAX_BODY_BYTES (or without a length) before Yoga
    // reads it; Yoga's own check would pipe every body through a stream to count it again.
    maxRequestBodySize: false,
    parserAndValidationCache: { ...parserCaches(), validationCache: true },
    cors: cors.yoga,
    plugins: [
      // First, so that plugins wrapping the execute function (tracing) wrap the compiled one.
      ...(options.jit ? [useCompiledExecution()] : []),
      // Before any plugin reads the parameters (persisted operations register texts): only the GraphQL route executes.
      useRouteGuard(),
      loaderRelease.plugin,
      ...observabilityPlugins(options.observability ?? {}),
      requestLog.plugin,
      ...(options.graphiql ? [useGraphiQLFraming()] : []),
      useApiKeys(options.apiKeys),
      useReadinessCheck({
        endpoint: ENDPOINTS.readiness,
        check: async ({ request }): Promise<boolean> => (await options.readiness.check()) && (await executesOperations(request)),
      }),
      // Before query protection: a persisted hash must become its text before the text is checked.
      ...persistedOperations(options.persisted ?? { manifest: new Map(), only: false, apq: true }),
      ...queryProtection(options.protection),
      useQueryCost(),
      ...responseCache.plugins,
      ...incrementalDelivery(maskError),
      useCodedRequestErrors(),
    ],
  });

  const executesOperations = createExecutionProbe(yoga, logger);

  // Persisted operations keep their names in the metrics whatever else clients send.
  options.observability?.metrics?.operationNames.know(operationNamesIn(options.persisted?.manifest.values() ?? []));
  const { admission } = options;
  if (admission) options.observability?.metrics?.watchAdmission(admission.load);

  // The request deadline bounds receiving the request too: a client that sends its body slowly would
  // otherwise hold its admission slot (and its connection) until Node's own 300 s request timeout.
  const receiving = {
    requestTimeout: options.requestTimeoutMs,
    headersTimeout: Math.min(options.requestTimeoutMs, 60_000),
    // Node checks those timeouts every 30 s by default, far past a deadline of a few seconds.
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(options.requestTimeoutMs / 4))),
  };
  const http = createServer(receiving, (request, response) => {
    // Every answer is logged and carries an id, the refusals below included.
    const logEntry = requestLog.begin(request, response);
    const route = routeOf(request, { graphiql: options.graphiql, ui: Boolean(options.ui) });
    // On every answer, refusals included: a page allowed to read the graph can read why it was refused.
    for (const [name, value] of Object.entries(cors.headersFor(request))) response.setHeader(name, value);
    // Only the exact spellings of our endpoints reach Yoga, whose own matching is looser than the guards'.
    // A refused request's body is drained unread, so the connection can carry the answer.
    const refuse = (status: number, code: ErrorCode, message: string, headers?: Record<string, string>) => {
      writeErrorResponse(response, status, code, message, headers);
      request.resume();
    };
    if (route === 'bad-host') return refuse(400, 'BAD_REQUEST', 'The Host header must name a host (and a port), nothing more');
    if (route === 'not-found') return refuse(404, 'NOT_FOUND', `Nothing is served at this path; GraphQL is at ${ENDPOINTS.graphql}`);
    const problem = bodyRefusal(request.method, request.headers, options.protection.maxBodyBytes);
    if (problem) return refuse(problem.status, 'BAD_REQUEST', problem.message, { connection: 'close' });
    // The app's files: static, no execution, so no queue or rate limit (routeOf gives `ui` only when one is served).
    if (route === 'ui' && staticUi) return staticUi(request, response);
    // Health, readiness and metrics are never queued behind GraphQL work.
    // The deadline starts when the request arrives, so time spent queued counts against it too.
    const serverContext: RequestServerContext = {
      deadline: requestDeadline(response, options.requestTimeoutMs),
      route,
      afterResponse: (listener) => response.once('close', listener),
      requestLog: logEntry,
    };
    // A preflight executes nothing, and a browser sends it without credentials: Yoga answers it, outside
    // the rate limit and the admission queue.
    request.url = yogaTarget(route, request.url ?? '/');
    if (route !== 'graphql' || request.method === 'OPTIONS') {
      void yoga(request, response, serverContext);
      return;
    }
    const execute = (bodyHandedOver: () => void) => {
      const run = async () => {
        bodyHandedOver();
        return yoga(request, response, serverContext);
      };
      if (admission) admission.admit(response, run);
      else void run();
    };
    // A POST's body is read before it is queued: a slow sender does not hold a place in the queue.
    const received = () => {
      if (request.method !== 'POST') return execute(() => undefined);
      const release = bodies.reserve(Number(request.headers['content-length']));
      if (!release) {
        return refuse(503, 'SERVICE_UNAVAILABLE', 'The gateway is receiving too many request bodies at once; retry shortly', {
          'retry-after': '1',
          connection: 'close',
        });
      }
      response.once('close', release);
      void receiveBody(request).then((body) => {
        if (body === undefined) return release();
        withReceivedBody(request, body);
        execute(release);
      });
    };
    // Rate limits first: a refused caller neither waits in the admission queue nor costs an upstream call.
    if (options.rateLimit) options.rateLimit.admit(request, response, received);
    else received();
  });

  return {
    yoga,
    createContext,
    http,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          const address = http.address() as AddressInfo;
          const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(new URL(`http://${host === 'localhost' ? 'localhost' : hostname}:${address.port}/graphql`));
        });
      }),
    async close(timeoutMs) {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      // Keep-alive connections turn idle as their last response ends; close them then, not at their timeout.
      const sweep = setInterval(() => http.closeIdleConnections(), 25);
      const forced = setTimeout(() => http.closeAllConnections(), timeoutMs);
      await closed;
      clearInterval(sweep);
      clearTimeout(forced);
      admission?.stop();
      await yoga.dispose();
    },
  };
}
