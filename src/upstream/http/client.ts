import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, errors as undiciErrors } from 'undici';
import { CircuitBreaker, type BreakerState } from './breaker.js';
import type { UpstreamBudget } from './budget.js';
import { callDeadline, untilAborted } from './deadline.js';
import {
  UpstreamConnectionError,
  UpstreamError,
  UpstreamHttpError,
  UpstreamOutcomeUnknownError,
  UpstreamProtocolError,
  type UpstreamProblem,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  type UpstreamName,
} from './errors.js';
import { parseRetryAfter, retryDelayMs } from './retry.js';
import type { TurnPacer } from './turn-pacer.js';

export interface UpstreamHttpOptions {
  name: UpstreamName;
  /** Base URL including the version prefix, e.g. `https://api.ctrl-hub.com/v3`. */
  baseUrl: string;
  /** Credentials and other headers sent with every request; never logged. */
  headers: Record<string, string>;
  /** Upper bound of open connections; further requests queue in the pool. */
  connections: number;
  /** Requests in flight per connection (HTTP/1.1 pipelining); 0 closes each connection after one request. */
  pipelining: number;
  timeouts: {
    connectMs: number;
    headersMs: number;
    bodyMs: number;
    /** Deadline of one call including its retries. */
    requestMs: number;
  };
  retry: { maxRetries: number; baseDelayMs: number; maxDelayMs: number };
  breaker: { failureThreshold: number; openMs: number };
  maxResponseBytes: number;
  logger?: UpstreamLogger;
  /** Paces the work that follows each answer (see `createTurnPacer`); shared by every upstream of the process. */
  pace?: TurnPacer;
  /** Observes every attempt (metrics, tests); must not throw. */
  onAttempt?: (attempt: UpstreamAttempt) => void;
}

export interface UpstreamLogger {
  debug(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** The write methods of `sendJson`; POST is never retried, PUT and PATCH are idempotent and are. */
export type WriteMethod = 'POST' | 'PUT' | 'PATCH';

export interface UpstreamAttempt {
  upstream: UpstreamName;
  method: 'GET' | WriteMethod;
  /** Without the query string, which may carry customer ids. */
  path: string;
  status: number | undefined;
  /** Wall-clock start (epoch ms) and duration of this attempt. */
  startedAt: number;
  durationMs: number;
  /** 0 for the first attempt of a call, then 1, 2, … for its retries. */
  retry: number;
  /** How many records the call asks for at once (ids in its filter); 1 for a single read. */
  batchSize: number;
  error?: string;
}

export interface GetOptions {
  /** Aborts the call when the GraphQL request that needs it goes away. */
  signal?: AbortSignal;
  /** Headers for this call only, over the configured ones (per-request credentials); never logged. */
  headers?: Record<string, string>;
  /** How many records the call serves at once, for observers (see `UpstreamAttempt.batchSize`). */
  batchSize?: number;
  /** The GraphQL request's budget of upstream requests; each attempt, retries included, takes one. */
  budget?: UpstreamBudget;
}

export interface SendOptions extends GetOptions {
  /** `Content-Type` (and `Accept`) of the write, e.g. `application/vnd.api+json`. */
  mediaType: string;
}

/** One HTTP exchange: what `attempt` sends. */
interface Exchange {
  method: 'GET' | WriteMethod;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface UpstreamHttp {
  readonly name: UpstreamName;
  /** GET `path` (relative to the base URL) and return the parsed JSON body of a 2xx answer. */
  getJson(path: string, query: URLSearchParams | undefined, options?: GetOptions): Promise<unknown>;
  /**
   * Sends `body` as `mediaType` and returns the parsed JSON of a 2xx answer (`undefined` for an empty
   * one, such as 204). POST is tried once; a write sent without a definite answer fails with
   * `UpstreamOutcomeUnknownError`.
   */
  sendJson(method: WriteMethod, path: string, body: unknown, options: SendOptions): Promise<unknown>;
  breakerState(): BreakerState;
  /**
   * Ends the pool and cuts what is still in flight. Called once the server has answered or cut its own
   * requests, so what remains waits for nobody (a readiness probe whose caller left held a stop for the
   * whole headers timeout while `close` let it finish).
   */
  close(): Promise<void>;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
/** Transport errors raised before a request leaves: a write that failed with one of these was not sent. */
const NOT_SENT_REASONS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function createUpstreamHttp(options: UpstreamHttpOptions): UpstreamHttp {
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const pool = new Pool(base.origin, {
    connections: options.connections,
    pipelining: options.pipelining,
    connect: { timeout: options.timeouts.connectMs },
    headersTimeout: options.timeouts.headersMs,
    bodyTimeout: options.timeouts.bodyMs,
    keepAliveTimeout: 30_000,
  });
  const breaker = new CircuitBreaker(options.breaker);
  const { name } = options;

  async function attempt(exchange: Exchange, signal: AbortSignal, getOptions: GetOptions, retry: number): Promise<unknown> {
    const { headers } = getOptions;
    const { method, path } = exchange;
    const startedAt = Date.now();
    const started = performance.now();
    let status: number | undefined;
    // When the answer was in; the pacing and parsing that follow are ours, not the upstream's.
    let answeredAt: number | undefined;
    const report = (error?: Error) =>
      options.onAttempt?.({
        upstream: name,
        method,
        path: redactPath(path),
        status,
        startedAt,
        durationMs: (answeredAt ?? performance.now()) - started,
        retry,
        batchSize: getOptions.batchSize ?? 1,
        ...(error ? { error: error.message } : {}),
      });
    try {
      const response = await untilAborted(
        pool.request({
          method,
          path,
          headers: { ...exchange.headers, ...options.headers, ...headers },
          ...(exchange.body === undefined ? {} : { body: exchange.body }),
          signal,
        }),
        signal,
        (late) => late.body.destroy(),
      );
      status = response.statusCode;
      const secrets = () => [...Object.values(options.headers), ...Object.values(headers ?? {})];
      const traceId = traceIdOf(headerValue(response.headers['x-trace-id']), secrets);
      const text = await readCapped(response.body, options.maxResponseBytes, name, traceId);
      answeredAt = performance.now();
      if (options.pace) {
        await options.pace();
        // A read whose caller left while it waited for its turn is not parsed: nothing is owed to anyone.
        // A write's answer still is: it says what the upstream now holds.
        if (method === 'GET') signal.throwIfAborted();
      }
      if (status < 200 || status >= 300) {
        const words = upstreamWords(secrets());
        const problems = errorProblems(text, words);
        const detail = errorDetail(text, words);
        throw new UpstreamHttpError(name, status, parseRetryAfter(headerValue(response.headers['retry-after'])), detail, traceId, problems);
      }
      let body: unknown;
      // A write may answer 204 (or 200 with nothing): there is no document to read.
      if (method !== 'GET' && text.trim() === '') {
        report();
        return undefined;
      }
      try {
        body = JSON.parse(text);
      } catch {
        throw new UpstreamProtocolError(name, 'body is not valid JSON', traceId);
      }
      report();
      return body;
    } catch (error) {
      const mapped = mapTransportError(error, name, signal);
      report(mapped);
      throw mapped;
    }
  }

  async function getJson(relativePath: string, query: URLSearchParams | undefined, getOptions: GetOptions = {}): Promise<unknown> {
    const search = query && [...query.keys()].length > 0 ? `?${query.toString()}` : '';
    const exchange: Exchange = { method: 'GET', path: `${basePath}${relativePath}${search}`, headers: { accept: 'application/json' } };
    return call(exchange, getOptions, options.retry.maxRetries);
  }

  async function sendJson(method: WriteMethod, relativePath: string, body: unknown, sendOptions: SendOptions): Promise<unknown> {
    const { mediaType, ...callOptions } = sendOptions;
    const exchange: Exchange = {
      method,
      path: `${basePath}${relativePath}`,
      headers: { accept: mediaType, 'content-type': mediaType },
      body: JSON.stringify(body),
    };
    // A create is not idempotent: sent twice, it records twice. PUT and PATCH may be repeated.
    const maxRetries = method === 'POST' ? 0 : options.retry.maxRetries;
    // An attempt that went unanswered may have been applied, whatever the attempts after it met.
    let unanswered: UpstreamTimeoutError | UpstreamConnectionError | undefined;
    try {
      return await call(exchange, callOptions, maxRetries, (failure) => {
        if (sentWithoutAnswer(failure)) unanswered = failure;
      });
    } catch (error) {
      // An answer that cannot be read (not JSON, too large) says nothing of whether the write was applied.
      if (error instanceof UpstreamProtocolError) throw new UpstreamOutcomeUnknownError(name, method, 'answer unreadable');
      const lost = sentWithoutAnswer(error) ? error : refusedOutright(error) ? undefined : unanswered;
      throw lost ? new UpstreamOutcomeUnknownError(name, method, outcomeReason(lost)) : error;
    }
  }

  /**
   * One upstream call: attempts through the budget and the breaker, retried on transient failures
   * within the call's deadline (one timer for the call and its retries, linked to the request's own).
   */
  async function call(
    exchange: Exchange,
    getOptions: GetOptions,
    maxRetries: number,
    onFailure?: (error: unknown) => void,
  ): Promise<unknown> {
    const deadline = callDeadline(options.timeouts.requestMs, getOptions.signal);
    const { signal } = deadline;
    try {
      let lastFailure: UpstreamError | undefined;
      for (let retry = 0; ; retry += 1) {
        try {
          getOptions.budget?.spend(name);
        } catch (refused) {
          // A retry the budget cannot pay for is not made: the caller sees the failure it would have retried.
          throw lastFailure ?? refused;
        }
        const probing = breaker.state === 'half-open';
        const waitMs = breaker.admit();
        if (waitMs > 0) throw new UpstreamUnavailableError(name, waitMs);
        try {
          const body = await attempt(exchange, signal, getOptions, retry);
          breaker.recordSuccess();
          return body;
        } catch (error) {
          onFailure?.(error);
          const failure = error instanceof UpstreamError ? error : undefined;
          // Only a caller that left ends a call without an UpstreamError: that says nothing of the upstream.
          if (!failure) {
            if (probing) breaker.releaseProbe();
            throw error;
          }
          lastFailure = failure;
          if (countsAsOutage(failure)) breaker.recordFailure();
          else breaker.recordSuccess();
          if (retry >= maxRetries || !isRetryable(failure)) throw error;
          const delay = retryDelayMs(retry, options.retry, failure instanceof UpstreamHttpError ? failure.retryAfterMs : undefined);
          if (Date.now() + delay >= deadline.expiresAt) throw error;
          options.logger?.debug({ upstream: name, retry: retry + 1, delayMs: delay, reason: failure.message }, 'retrying upstream call');
          try {
            await sleep(delay, undefined, { signal });
          } catch {
            throw mapTransportError(signal.reason, name, signal);
          }
        }
      }
    } finally {
      deadline.dispose();
    }
  }

  return {
    name,
    getJson,
    sendJson,
    breakerState: () => breaker.state,
    close: () => pool.destroy(),
  };
}

/**
 * Whether a failed write may have reached the upstream and been applied: the request left (the failure
 * is not one raised before sending) and no answer came back. An HTTP status is a definite answer.
 */
function sentWithoutAnswer(error: unknown): error is UpstreamTimeoutError | UpstreamConnectionError {
  if (error instanceof UpstreamTimeoutError) return error.phase !== 'connect';
  if (error instanceof UpstreamConnectionError) return !NOT_SENT_REASONS.has(error.reason);
  return false;
}

/**
 * A 4xx answer: the upstream read the request and refused it, so no earlier copy of it was applied
 * either. Not a 408 or a 429: they refuse the attempt for its timing, not for what it asks.
 */
function refusedOutright(error: unknown): boolean {
  return error instanceof UpstreamHttpError && error.status < 500 && error.status !== 408 && error.status !== 429;
}

function outcomeReason(error: UpstreamTimeoutError | UpstreamConnectionError): string {
  return error instanceof UpstreamTimeoutError ? `${error.phase} timeout` : error.reason;
}

function isRetryable(error: UpstreamError): boolean {
  if (error instanceof UpstreamHttpError) return RETRYABLE_STATUS.has(error.status);
  return error instanceof UpstreamConnectionError;
}

/** Client mistakes (4xx other than 429) say nothing about the upstream's health. */
function countsAsOutage(error: UpstreamError): boolean {
  if (error instanceof UpstreamHttpError) return error.status >= 500;
  return !(error instanceof UpstreamUnavailableError);
}

function mapTransportError(error: unknown, upstream: UpstreamName, signal: AbortSignal): Error {
  if (error instanceof UpstreamError) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof DOMException && reason.name === 'TimeoutError') return new UpstreamTimeoutError(upstream, 'deadline');
    return reason instanceof Error ? reason : new Error('upstream call aborted');
  }
  if (error instanceof undiciErrors.ConnectTimeoutError) return new UpstreamTimeoutError(upstream, 'connect');
  if (error instanceof undiciErrors.HeadersTimeoutError) return new UpstreamTimeoutError(upstream, 'headers');
  if (error instanceof undiciErrors.BodyTimeoutError) return new UpstreamTimeoutError(upstream, 'body');
  if (error instanceof undiciErrors.UndiciError) return new UpstreamConnectionError(upstream, error.code);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return new UpstreamConnectionError(upstream, typeof code === 'string' ? code : 'network error');
}

async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(): void },
  maxBytes: number,
  upstream: UpstreamName,
  traceId: string | undefined,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new UpstreamProtocolError(upstream, `body larger than ${maxBytes} bytes`, traceId);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A short human explanation from an error body (JSON:API `errors[0]` or a `message`), if any. */
function errorDetail(text: string, words: UpstreamWords): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const record = parsed as Record<string, unknown>;
  const first = Array.isArray(record.errors) ? (record.errors[0] as Record<string, unknown> | undefined) : undefined;
  const candidate = first?.detail ?? first?.title ?? record.message ?? record.error;
  return words(candidate);
}

/** The JSON:API `errors` of an error body, each reduced to the members callers act on. */
function errorProblems(text: string, words: UpstreamWords): UpstreamProblem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((item): UpstreamProblem[] => {
    if (!item || typeof item !== 'object') return [];
    const record = item as Record<string, unknown>;
    const source = (record.source && typeof record.source === 'object' ? record.source : {}) as Record<string, unknown>;
    const problem: UpstreamProblem = {};
    for (const [key, value] of [
      ['status', words(record.status)],
      ['title', words(record.title)],
      ['detail', words(record.detail)],
      ['pointer', words(source.pointer)],
      ['parameter', words(source.parameter)],
    ] as const) {
      if (value !== undefined) problem[key] = value;
    }
    return [problem];
  });
}

/** A string of an upstream's error body as clients may read it, or `undefined` for anything else. */
type UpstreamWords = (value: unknown) => string | undefined;

/**
 * The credentials we sent cut out, then the text cut to 200 characters: cut the other way round, an
 * upstream that echoes input before a token would let a client choose how much of the token is left.
 */
function upstreamWords(secrets: string[]): UpstreamWords {
  return (value) => (typeof value === 'string' ? withoutCredentials(value, secrets)?.slice(0, 200) : undefined);
}

/** What a trace id may be: a log search's term. Anything else, or one holding a credential we sent, is dropped. */
const TRACE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
function traceIdOf(value: string | undefined, secrets: () => string[]): string | undefined {
  if (value === undefined || !TRACE_ID.test(value)) return undefined;
  return withoutCredentials(value, secrets()) === value ? value : undefined;
}

/** An upstream may echo what it was sent; the credentials we sent are cut out of its words. */
function withoutCredentials(detail: string | undefined, headerValues: string[]): string | undefined {
  if (!detail) return detail;
  const secrets = headerValues.flatMap((value) => [value, value.replace(/^Bearer\s+/i, '')]).filter((value) => value.length >= 4);
  return secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), detail);
}

/** Paths may carry customer ids in filters; attempts are reported without the query string. */
function redactPath(path: string): string {
  const queryAt = path.indexOf('?');
  return queryAt === -1 ? path : path.slice(0, queryAt);
}
