import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import * as z from 'zod/mini';
import { segmentProblem } from '../upstream/http/path-segment.js';

/**
 * Every setting of ctrlgraph, read from the environment once at start-up. A wrong value stops the
 * process with one line naming the variable; nothing else reads `process.env`.
 */
export interface UpstreamTuning {
  connections: number;
  pipelining: number;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  callTimeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  breakerThreshold: number;
  breakerOpenMs: number;
  maxResponseBytes: number;
}

export interface UpstreamEndpoints {
  ctrlhub: { baseUrl: string; orgId: string; sessionToken: string };
  alpharun: { baseUrl: string; apiToken: string };
}

/** Limits on what one GraphQL request may ask; see README "Query protection". */
export interface QueryProtection {
  maxDepth: number;
  maxAliases: number;
  /** Mutation fields (upstream writes) one operation may make. */
  maxMutations: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
  maxBodyBytes: number;
  introspection: boolean;
  csrfPrevention: boolean;
}

export interface Config {
  port: number;
  host: string;
  /** Start the embedded simulator and point both clients at it (demo mode). */
  simulator: boolean;
  /** Why demo mode is on, for its notice in the log; absent when it is off. */
  demoModeReason?: 'no upstream configured' | 'CTRLGRAPH_SIMULATOR is on, so the base URLs set are not used';
  /** Absent in demo mode: the simulator supplies them once it listens. */
  upstreams: UpstreamEndpoints | undefined;
  /** Per upstream: `CTRLHUB_<X>` / `ALPHARUN_<X>` override `UPSTREAM_<X>`, which overrides the default. */
  tuning: Record<'ctrlhub' | 'alpharun', UpstreamTuning>;
  ctrlhubPageLimit: number;
  maxPageSize: number;
  /** `first`/`last` when a client gives neither. */
  defaultPageSize: number;
  /** Most items one Alpharun request asks for (its contract allows 1..100). */
  alpharunPageLimit: number;
  /** Most concurrent Alpharun requests of one GraphQL request (it has no batch endpoint). */
  alpharunConcurrency: number;
  /** Characters of ids in one Ctrl-Hub filter expression; larger batches are split. */
  maxFilterChars: number;
  maxNodes: number;
  requestTimeoutMs: number;
  /** How long an upstream answer counts as proof of readiness before `/readyz` probes again. */
  readinessFreshMs: number;
  /** Upstream requests (retries included) one GraphQL request may cause. */
  maxUpstreamRequests: number;
  /** Upstream answers whose processing starts per event-loop turn (0: all at once). */
  answersPerTurn: number;
  /** GraphQL requests executing at once (`auto`: adaptive; a number: fixed; 0: unlimited) and how long the others may wait. */
  admission: { maxConcurrent: number | 'auto'; maxWaitMs: number };
  shutdownTimeoutMs: number;
  graphiql: boolean;
  /** Whole-response cache TTL (0: off); kept in Redis when `redisUrl` is set. */
  cache: { ttlMs: number };
  /** Worker processes on one port (1: no supervisor, the process serves itself). */
  workers: number;
  /** How far V8 may grow the old generation past its live size between full collections (0: V8 decides), see `src/process/heap-growth.ts`. */
  heapGrowthPercent: number;
  /** `redis://…` for the state every instance shares: response cache, APQ store, rate-limit counters. */
  redisUrl: string | undefined;
  /** Requests per caller: `limit` per `windowMs` sustained, up to `burst` at once; off when absent. */
  rateLimit: RateLimitSettings | undefined;
  /** Execute compiled queries (graphql-jit, the default); `@defer`/`@stream` operations run on the interpreter. */
  jit: boolean;
  protection: QueryProtection;
  /** A manifest of persisted operations; `only` refuses everything else, `apq` accepts APQ registrations. */
  persisted: { manifestPath: string | undefined; only: boolean; apq: boolean };
  /** `/metrics` (Prometheus) and OpenTelemetry tracing over OTLP/HTTP (on when an OTLP endpoint is set). */
  telemetry: { metrics: boolean; maxOperationNames: number; otlpEndpoint: string | undefined; serviceName: string };
  /** Use the caller's `X-Ctrlhub-*` / `X-Alpharun-Token` headers for its upstream calls. */
  forwardCredentials: boolean;
  /** When set, every GraphQL request needs `Authorization: Bearer <one of these>`. */
  apiKeys: string[];
  /** Web origins whose pages may read the graph's answers (CORS); none but the gateway's own when empty, any with `*`. */
  corsOrigins: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** A built single-page app to serve at `/ui/` (the Relay example's `dist/`). */
  uiDir: string | undefined;
}

export interface RateLimitSettings {
  limit: number;
  windowMs: number;
  burst: number;
  /** Take the caller's address from the last `X-Forwarded-For` hop (behind one trusted load balancer). */
  trustForwardedFor: boolean;
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const integer = (min: number, max: number) => {
  const message = `must be an integer from ${min} to ${max}`;
  return z
    .pipe(z.string().check(z.trim(), z.regex(/^\d+$/, message)), z.transform(Number))
    .check(z.refine((value) => value >= min && value <= max, message));
};
const flag = z.pipe(
  z.string().check(
    z.trim(),
    z.toLowerCase(),
    z.refine((value) => ['1', '0', 'true', 'false', 'yes', 'no'].includes(value), 'must be true or false (1/0)'),
  ),
  z.transform((value) => ['1', 'true', 'yes'].includes(value)),
);
const httpUrl = z.string().check(
  z.trim(),
  z.refine(
    (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
    'must be an http(s) URL, e.g. https://api.example.com/v1',
  ),
  // The clients send a base URL's scheme, host and path only: a user, password or query in it would be
  // dropped without a word (and written to the log at start).
  z.refine((value) => {
    if (!URL.canParse(value)) return true;
    const { username, password } = new URL(value);
    return !username && !password && !/[?#]/.test(value);
  }, 'must be a scheme, host and path only: no user or password (the token variables carry credentials), no query or fragment'),
);
const text = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));
/** `a, b,,c` → `['a', 'b', 'c']`: a list in one variable, its items trimmed, empty ones dropped. */
const commaList = z.pipe(
  z.string(),
  z.transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ),
);
/** A web origin as browsers send it in `Origin`: an http(s) scheme, a host and perhaps a port, and nothing after. */
const isOrigin = (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) && new URL(value).origin === value;
const redisUrl = z.string().check(
  z.trim(),
  z.refine((value) => URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol), 'must be a redis:// or rediss:// URL'),
);

const variables = {
  PORT: z._default(integer(0, 65535), 4000),
  HOST: z._default(text, 'localhost'),
  CTRLHUB_BASE_URL: z.optional(httpUrl),
  // One path segment of every Ctrl-Hub URL, judged by the rule the client applies to every id it sends.
  CTRLHUB_ORG_ID: z.optional(
    text.check(
      z.superRefine((value, check) => {
        const problem = segmentProblem(value, 'org id');
        if (problem) check.addIssue({ code: 'custom', message: `must be one path segment (${problem})` });
      }),
    ),
  ),
  CTRLHUB_SESSION_TOKEN: z.optional(text),
  ALPHARUN_BASE_URL: z.optional(httpUrl),
  ALPHARUN_API_TOKEN: z.optional(text),
  CTRLGRAPH_SIMULATOR: z._default(z.union([z.literal('auto'), flag], { error: () => 'must be auto, or true or false (1/0)' }), 'auto'),
  CTRLGRAPH_MAX_PAGE_SIZE: z._default(integer(1, 10_000), 500),
  CTRLGRAPH_DEFAULT_PAGE_SIZE: z._default(integer(1, 10_000), 20),
  CTRLGRAPH_MAX_NODES: z._default(integer(1, 10_000), 100),
  ALPHARUN_PAGE_LIMIT: z._default(integer(1, 100), 100),
  ALPHARUN_CONCURRENCY: z._default(integer(1, 1024), 8),
  // Keeps a filter's URL well under common 8 KiB request-line limits.
  CTRLHUB_MAX_FILTER_CHARS: z._default(integer(100, 100_000), 4000),
  CTRLGRAPH_READINESS_FRESH_MS: z._default(integer(0, 3_600_000), 30_000),
  CTRLHUB_PAGE_LIMIT: z._default(integer(1, 1000), 100),
  CTRLGRAPH_REQUEST_TIMEOUT_MS: z._default(integer(100, 600_000), 30_000),
  // A page of 100 contacts each with its Alpharun list (no batch endpoint) plus Ctrl-Hub's batches fits;
  // 30 aliases of nodes(ids:) over 100 unknown ids (3,000 by-id reads) do not.
  CTRLGRAPH_MAX_UPSTREAM_REQUESTS: z._default(integer(1, 1_000_000), 200),
  CTRLGRAPH_SHUTDOWN_TIMEOUT_MS: z._default(integer(0, 600_000), 10_000),
  // `auto`: a limit found by trials against throughput, so that it bounds memory when the CPU or an
  // upstream is the bottleneck without capping requests that wait on slow upstreams
  // (src/server/admission-limit.ts, bench/README.md).
  CTRLGRAPH_MAX_CONCURRENT_REQUESTS: z._default(
    z.pipe(
      z.string().check(
        z.trim(),
        z.toLowerCase(),
        z.refine(
          (value) => value === 'auto' || integer(0, 100_000).safeParse(value).success,
          'must be auto or an integer from 0 to 100000',
        ),
      ),
      z.transform((value): 'auto' | number => (value === 'auto' ? 'auto' : Number(value))),
    ),
    'auto',
  ),
  CTRLGRAPH_MAX_QUEUE_WAIT_MS: z._default(integer(1, 600_000), 10_000),
  // 2: at 100 clients the slowest first answer on a new connection fell from about 6 s to 2 s, for about 5 % of the org page's throughput (bench/).
  CTRLGRAPH_UPSTREAM_ANSWERS_PER_TURN: z._default(integer(0, 10_000), 2),
  GRAPHIQL: z._default(flag, true),
  CTRLGRAPH_JIT: z._default(flag, true),
  CTRLGRAPH_CACHE_TTL_MS: z._default(integer(0, 86_400_000), 0),
  CTRLGRAPH_REDIS_URL: z.optional(redisUrl),
  // The name the Redis store had when it held only the response cache.
  CTRLGRAPH_CACHE_REDIS_URL: z.optional(redisUrl),
  CTRLGRAPH_WORKERS: z._default(
    z
      .pipe(
        z.string().check(z.trim(), z.toLowerCase(), z.regex(/^(auto|\d+)$/, 'must be "auto" or an integer from 1 to 256')),
        z.transform((value) => (value === 'auto' ? availableParallelism() : Number(value))),
      )
      .check(z.refine((value) => value >= 1 && value <= 256, 'must be "auto" or an integer from 1 to 256')),
    1,
  ),
  // 100: a factor of 2 over the live heap took orgPage, the timeline and deepPage at 100 clients from 250–270 to 175–220 MB, for 2–7 % of their throughput (bench/README.md, Round 4).
  CTRLGRAPH_HEAP_GROWTH_PERCENT: z._default(integer(0, 1000), 100),
  CTRLGRAPH_RATE_LIMIT: z.optional(integer(1, 1_000_000_000)),
  CTRLGRAPH_RATE_LIMIT_WINDOW_MS: z._default(integer(1, 86_400_000), 60_000),
  CTRLGRAPH_RATE_LIMIT_BURST: z.optional(integer(1, 1_000_000_000)),
  CTRLGRAPH_RATE_LIMIT_TRUST_FORWARDED_FOR: z._default(flag, false),
  CTRLGRAPH_MAX_DEPTH: z._default(integer(1, 100), 15),
  CTRLGRAPH_MAX_ALIASES: z._default(integer(0, 1000), 30),
  // Relay and Apollo send one mutation per request; ten leaves room for a small form of several writes.
  CTRLGRAPH_MAX_MUTATIONS: z._default(integer(1, 1000), 10),
  CTRLGRAPH_MAX_TOKENS: z._default(integer(10, 100_000), 5000),
  CTRLGRAPH_MAX_DIRECTIVES: z._default(integer(0, 1000), 50),
  CTRLGRAPH_MAX_COST: z._default(integer(1, 100_000_000), 50_000),
  CTRLGRAPH_MAX_BODY_BYTES: z._default(integer(1024, 100 * 1024 * 1024), 1024 * 1024),
  CTRLGRAPH_INTROSPECTION: z._default(flag, true),
  CTRLGRAPH_CSRF_PREVENTION: z._default(flag, true),
  CTRLGRAPH_PERSISTED_OPERATIONS: z.optional(text),
  CTRLGRAPH_PERSISTED_ONLY: z._default(flag, false),
  CTRLGRAPH_APQ: z._default(flag, true),
  CTRLGRAPH_METRICS: z._default(flag, true),
  // Each distinct operation name is a series of its own; past this many, unknown names count as `other`.
  CTRLGRAPH_METRICS_MAX_OPERATION_NAMES: z._default(integer(0, 10_000), 100),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.optional(httpUrl),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.optional(httpUrl),
  OTEL_SERVICE_NAME: z._default(text, 'ctrlgraph'),
  CTRLGRAPH_FORWARD_CREDENTIALS: z._default(flag, false),
  CTRLGRAPH_CORS_ORIGINS: z.optional(
    commaList.check(
      z.refine(
        (origins) => origins.every((origin) => origin === '*' || isOrigin(origin)),
        'must be "*" or a comma-separated list of origins such as https://app.example.com (scheme, host and port, nothing more)',
      ),
    ),
  ),
  CTRLGRAPH_API_KEYS: z.optional(
    commaList.check(
      z.refine(
        (keys) => keys.length > 0 && keys.every((key) => key.length >= 16),
        'must be a comma-separated list of keys of at least 16 characters',
      ),
    ),
  ),
  CTRLGRAPH_UI_DIR: z.optional(
    text.check(
      z.refine(
        (value) => existsSync(join(value, 'index.html')),
        'must be a folder holding a built app with an index.html (npm run ui builds one)',
      ),
    ),
  ),
  LOG_LEVEL: z._default(z.enum(LOG_LEVELS, { error: () => `must be one of ${LOG_LEVELS.join(', ')}` }), 'info'),
};

/** Settings of each upstream's HTTP client, by variable suffix. */
const tuningVariables: Record<keyof UpstreamTuning, [suffix: string, schema: z.ZodMiniType<number>]> = {
  connections: ['CONNECTIONS', z._default(integer(1, 1024), 32)],
  pipelining: ['PIPELINING', z._default(integer(0, 16), 1)],
  connectTimeoutMs: ['CONNECT_TIMEOUT_MS', z._default(integer(1, 600_000), 3_000)],
  headersTimeoutMs: ['HEADERS_TIMEOUT_MS', z._default(integer(1, 600_000), 10_000)],
  bodyTimeoutMs: ['BODY_TIMEOUT_MS', z._default(integer(1, 600_000), 10_000)],
  callTimeoutMs: ['CALL_TIMEOUT_MS', z._default(integer(1, 600_000), 15_000)],
  maxRetries: ['MAX_RETRIES', z._default(integer(0, 10), 2)],
  retryBaseDelayMs: ['RETRY_BASE_DELAY_MS', z._default(integer(0, 60_000), 200)],
  retryMaxDelayMs: ['RETRY_MAX_DELAY_MS', z._default(integer(0, 600_000), 5_000)],
  breakerThreshold: ['BREAKER_THRESHOLD', z._default(integer(1, 1000), 5)],
  breakerOpenMs: ['BREAKER_OPEN_MS', z._default(integer(1, 600_000), 10_000)],
  maxResponseBytes: ['MAX_RESPONSE_BYTES', z._default(integer(1024, 1_073_741_824), 32 * 1024 * 1024)],
};

type Variables = { [K in keyof typeof variables]: z.output<(typeof variables)[K]> };

/**
 * Variables whose empty value is refused rather than read as unset: an empty entry in an env file or a
 * secret store that went missing would otherwise turn API keys off without a word.
 */
const EMPTY_REFUSED = new Set(['CTRLGRAPH_API_KEYS']);

function readVariable<T>(env: NodeJS.ProcessEnv, name: string, schema: z.ZodMiniType<T>): T {
  if (env[name] === '' && EMPTY_REFUSED.has(name)) {
    throw new ConfigError(`${name} is set but empty: give at least one key, or unset it to serve without API keys`);
  }
  const raw = env[name] === '' ? undefined : env[name];
  const result = schema.safeParse(raw);
  if (!result.success) {
    // Token values are never echoed, not even in a start-up error, nor a password written into a URL.
    const shown =
      raw === undefined ? 'unset' : /TOKEN|KEYS/.test(name) ? 'a hidden value' : JSON.stringify(withoutSecretParts(raw).slice(0, 80));
    throw new ConfigError(`${name} ${result.error.issues[0]?.message ?? 'is invalid'} (got ${shown})`);
  }
  return result.data;
}

/**
 * A value with what may hold a secret hidden: everything up to its last `@` (`redis://user:secret@host`
 * → `***@host`) and everything after a `?` or `#` (`host:6379?password=secret` → `host:6379?***`). A
 * password may hold `/`, `@` or `:` and the value may be too malformed to parse as a URL, so no
 * reading of its parts is trusted to find where the password ends.
 */
export function withoutSecretParts(value: string): string {
  const at = value.lastIndexOf('@');
  const hidden = at === -1 ? value : `***${value.slice(at)}`;
  const query = hidden.search(/[?#]/);
  return query === -1 ? hidden : `${hidden.slice(0, query + 1)}***`;
}

function readVariables(env: NodeJS.ProcessEnv): Variables {
  return Object.fromEntries(
    Object.entries(variables).map(([name, schema]) => [name, readVariable(env, name, schema as z.ZodMiniType)]),
  ) as Variables;
}

function readTuning(env: NodeJS.ProcessEnv, prefix: 'CTRLHUB' | 'ALPHARUN'): UpstreamTuning {
  const entries = Object.entries(tuningVariables).map(([key, [suffix, schema]]) => {
    const specific = `${prefix}_${suffix}`;
    const name = env[specific] !== undefined && env[specific] !== '' ? specific : `UPSTREAM_${suffix}`;
    return [key, readVariable(env, name, schema)];
  });
  return Object.fromEntries(entries) as UpstreamTuning;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const v = readVariables(env);
  if (v.CTRLGRAPH_CACHE_REDIS_URL && v.CTRLGRAPH_CACHE_TTL_MS === 0) {
    throw new ConfigError('CTRLGRAPH_CACHE_REDIS_URL is set but the cache is off: set CTRLGRAPH_CACHE_TTL_MS above 0');
  }
  if (v.CTRLGRAPH_REDIS_URL && v.CTRLGRAPH_CACHE_REDIS_URL && v.CTRLGRAPH_REDIS_URL !== v.CTRLGRAPH_CACHE_REDIS_URL) {
    throw new ConfigError('CTRLGRAPH_CACHE_REDIS_URL differs from CTRLGRAPH_REDIS_URL: set only CTRLGRAPH_REDIS_URL');
  }
  if (v.CTRLGRAPH_DEFAULT_PAGE_SIZE > v.CTRLGRAPH_MAX_PAGE_SIZE) {
    throw new ConfigError(
      `CTRLGRAPH_DEFAULT_PAGE_SIZE (${v.CTRLGRAPH_DEFAULT_PAGE_SIZE}) must not exceed CTRLGRAPH_MAX_PAGE_SIZE (${v.CTRLGRAPH_MAX_PAGE_SIZE}): a page without \`first\` would be larger than any a client may ask for`,
    );
  }
  if (v.CTRLGRAPH_RATE_LIMIT_BURST !== undefined && v.CTRLGRAPH_RATE_LIMIT === undefined) {
    throw new ConfigError('CTRLGRAPH_RATE_LIMIT_BURST is set but rate limiting is off: set CTRLGRAPH_RATE_LIMIT');
  }
  if (v.CTRLGRAPH_PERSISTED_ONLY && !v.CTRLGRAPH_PERSISTED_OPERATIONS) {
    throw new ConfigError('CTRLGRAPH_PERSISTED_ONLY is true but no manifest is given: set CTRLGRAPH_PERSISTED_OPERATIONS to its path');
  }
  const anyUpstreamSet = v.CTRLHUB_BASE_URL !== undefined || v.ALPHARUN_BASE_URL !== undefined;
  const simulator = v.CTRLGRAPH_SIMULATOR === 'auto' ? !anyUpstreamSet : v.CTRLGRAPH_SIMULATOR;

  let upstreams: UpstreamEndpoints | undefined;
  if (!simulator) {
    const required = (
      name: 'CTRLHUB_BASE_URL' | 'CTRLHUB_ORG_ID' | 'CTRLHUB_SESSION_TOKEN' | 'ALPHARUN_BASE_URL' | 'ALPHARUN_API_TOKEN',
    ): string => {
      const value = v[name];
      const demoMode = v.CTRLGRAPH_SIMULATOR === false ? 'unset CTRLGRAPH_SIMULATOR and both base URLs' : 'unset both base URLs';
      if (value === undefined)
        throw new ConfigError(`${name} is required when the simulator is off (set it, or ${demoMode} for demo mode)`);
      return value;
    };
    upstreams = {
      ctrlhub: {
        baseUrl: required('CTRLHUB_BASE_URL'),
        orgId: required('CTRLHUB_ORG_ID'),
        sessionToken: required('CTRLHUB_SESSION_TOKEN'),
      },
      alpharun: { baseUrl: required('ALPHARUN_BASE_URL'), apiToken: required('ALPHARUN_API_TOKEN') },
    };
  }

  return {
    port: v.PORT,
    host: v.HOST,
    simulator,
    ...(simulator
      ? { demoModeReason: anyUpstreamSet ? 'CTRLGRAPH_SIMULATOR is on, so the base URLs set are not used' : 'no upstream configured' }
      : {}),
    upstreams,
    tuning: { ctrlhub: readTuning(env, 'CTRLHUB'), alpharun: readTuning(env, 'ALPHARUN') },
    ctrlhubPageLimit: v.CTRLHUB_PAGE_LIMIT,
    maxPageSize: v.CTRLGRAPH_MAX_PAGE_SIZE,
    defaultPageSize: v.CTRLGRAPH_DEFAULT_PAGE_SIZE,
    alpharunPageLimit: v.ALPHARUN_PAGE_LIMIT,
    alpharunConcurrency: v.ALPHARUN_CONCURRENCY,
    maxFilterChars: v.CTRLHUB_MAX_FILTER_CHARS,
    maxNodes: v.CTRLGRAPH_MAX_NODES,
    requestTimeoutMs: v.CTRLGRAPH_REQUEST_TIMEOUT_MS,
    readinessFreshMs: v.CTRLGRAPH_READINESS_FRESH_MS,
    maxUpstreamRequests: v.CTRLGRAPH_MAX_UPSTREAM_REQUESTS,
    answersPerTurn: v.CTRLGRAPH_UPSTREAM_ANSWERS_PER_TURN,
    shutdownTimeoutMs: v.CTRLGRAPH_SHUTDOWN_TIMEOUT_MS,
    admission: { maxConcurrent: v.CTRLGRAPH_MAX_CONCURRENT_REQUESTS, maxWaitMs: v.CTRLGRAPH_MAX_QUEUE_WAIT_MS },
    graphiql: v.GRAPHIQL,
    jit: v.CTRLGRAPH_JIT,
    cache: { ttlMs: v.CTRLGRAPH_CACHE_TTL_MS },
    workers: v.CTRLGRAPH_WORKERS,
    heapGrowthPercent: v.CTRLGRAPH_HEAP_GROWTH_PERCENT,
    redisUrl: v.CTRLGRAPH_REDIS_URL ?? v.CTRLGRAPH_CACHE_REDIS_URL,
    rateLimit:
      v.CTRLGRAPH_RATE_LIMIT === undefined
        ? undefined
        : {
            limit: v.CTRLGRAPH_RATE_LIMIT,
            windowMs: v.CTRLGRAPH_RATE_LIMIT_WINDOW_MS,
            // By default a caller may spend a whole window's allowance at once.
            burst: v.CTRLGRAPH_RATE_LIMIT_BURST ?? v.CTRLGRAPH_RATE_LIMIT,
            trustForwardedFor: v.CTRLGRAPH_RATE_LIMIT_TRUST_FORWARDED_FOR,
          },
    protection: {
      maxDepth: v.CTRLGRAPH_MAX_DEPTH,
      maxAliases: v.CTRLGRAPH_MAX_ALIASES,
      maxMutations: v.CTRLGRAPH_MAX_MUTATIONS,
      maxTokens: v.CTRLGRAPH_MAX_TOKENS,
      maxDirectives: v.CTRLGRAPH_MAX_DIRECTIVES,
      maxCost: v.CTRLGRAPH_MAX_COST,
      maxBodyBytes: v.CTRLGRAPH_MAX_BODY_BYTES,
      introspection: v.CTRLGRAPH_INTROSPECTION,
      csrfPrevention: v.CTRLGRAPH_CSRF_PREVENTION,
    },
    persisted: { manifestPath: v.CTRLGRAPH_PERSISTED_OPERATIONS, only: v.CTRLGRAPH_PERSISTED_ONLY, apq: v.CTRLGRAPH_APQ },
    telemetry: {
      metrics: v.CTRLGRAPH_METRICS,
      maxOperationNames: v.CTRLGRAPH_METRICS_MAX_OPERATION_NAMES,
      otlpEndpoint: v.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? v.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: v.OTEL_SERVICE_NAME,
    },
    forwardCredentials: v.CTRLGRAPH_FORWARD_CREDENTIALS,
    apiKeys: v.CTRLGRAPH_API_KEYS ?? [],
    corsOrigins: v.CTRLGRAPH_CORS_ORIGINS ?? [],
    logLevel: v.LOG_LEVEL,
    uiDir: v.CTRLGRAPH_UI_DIR,
  };
}

/** The log line that says the gateway serves demo data, and how to reach the real APIs instead. */
export function demoModeNotice(config: Pick<Config, 'demoModeReason'>, servedTo = ''): string {
  const realApis =
    config.demoModeReason === 'no upstream configured'
      ? 'set CTRLHUB_BASE_URL and ALPHARUN_BASE_URL for the real APIs'
      : 'unset CTRLGRAPH_SIMULATOR for the real APIs';
  return `DEMO MODE: ${config.demoModeReason ?? 'demo mode is on'}; serving the embedded upstream simulator with seeded demo data${servedTo} (${realApis})`;
}

/** The defaults, for callers (tests, benchmarks) that build the gateway without an environment. */
export const defaultTuning = (): UpstreamTuning => loadConfig({}).tuning.ctrlhub;
export const defaultProtection = (): QueryProtection => loadConfig({}).protection;
export const defaultAnswersPerTurn = (): number => loadConfig({}).answersPerTurn;

/** Every variable `loadConfig` reads, for the test that keeps docs/configuration.md complete. */
export const CONFIG_VARIABLES: readonly string[] = [
  ...Object.keys(variables),
  ...Object.values(tuningVariables).map(([suffix]) => `UPSTREAM_${suffix}`),
];
