/**
 * Typed failures of an upstream call. Messages name the upstream and what went wrong, never a
 * token, a full URL or a response body: they may end up in logs and, mapped, in client errors.
 */
export type UpstreamName = 'ctrlhub' | 'alpharun';

export abstract class UpstreamError extends Error {
  abstract readonly code: string;
  constructor(
    readonly upstream: UpstreamName,
    message: string,
    readonly traceId?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * One JSON:API error object, reduced to what callers act on. `pointer` names the request body member
 * at fault (`/data/attributes/method`), `parameter` the query parameter.
 */
export interface UpstreamProblem {
  status?: string;
  title?: string;
  detail?: string;
  pointer?: string;
  parameter?: string;
}

/** The upstream answered with a non-2xx status. */
export class UpstreamHttpError extends UpstreamError {
  readonly code = 'UPSTREAM_HTTP';
  constructor(
    upstream: UpstreamName,
    readonly status: number,
    /** Delay the upstream asked for (`Retry-After`), in milliseconds. */
    readonly retryAfterMs: number | undefined,
    /** Short, upstream-written explanation (e.g. a JSON:API error title); safe to log. */
    readonly detail: string | undefined,
    traceId?: string,
    /** The JSON:API `errors` of the answer, credentials cut out; empty when it had none. */
    readonly problems: readonly UpstreamProblem[] = [],
  ) {
    super(upstream, `${upstream} answered HTTP ${status}${detail ? `: ${detail}` : ''}`, traceId);
  }
}

/** No answer within the configured connect/headers/body timeout or the request deadline. */
export class UpstreamTimeoutError extends UpstreamError {
  readonly code = 'UPSTREAM_TIMEOUT';
  constructor(
    upstream: UpstreamName,
    readonly phase: 'connect' | 'headers' | 'body' | 'deadline',
  ) {
    super(upstream, `${upstream} did not answer in time (${phase} timeout)`);
  }
}

/** The connection failed or was reset before a complete answer arrived. */
export class UpstreamConnectionError extends UpstreamError {
  readonly code = 'UPSTREAM_CONNECTION';
  constructor(
    upstream: UpstreamName,
    readonly reason: string,
  ) {
    super(upstream, `${upstream} connection failed (${reason})`);
  }
}

/**
 * A write was sent, and then the connection failed or the deadline passed before its answer arrived:
 * the upstream may or may not have applied it. Never reported as a failure, never retried blindly.
 */
export class UpstreamOutcomeUnknownError extends UpstreamError {
  readonly code = 'UPSTREAM_OUTCOME_UNKNOWN';
  constructor(
    upstream: UpstreamName,
    readonly method: string,
    /** What ended the wait: the transport error's code or the timeout phase. */
    readonly reason: string,
  ) {
    super(upstream, `${upstream} ${method} was sent but its outcome is unknown (${reason})`);
  }
}

/** The answer is not what the contract says: not JSON, too large, or the wrong shape. */
export class UpstreamProtocolError extends UpstreamError {
  readonly code = 'UPSTREAM_PROTOCOL';
  constructor(upstream: UpstreamName, reason: string, traceId?: string) {
    super(upstream, `${upstream} sent an unexpected response: ${reason}`, traceId);
  }
}

/** The circuit breaker is open: the upstream failed repeatedly and is not called for a while. */
export class UpstreamUnavailableError extends UpstreamError {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  constructor(
    upstream: UpstreamName,
    readonly retryInMs: number,
  ) {
    super(upstream, `${upstream} is unavailable after repeated failures; not calling it for ${Math.ceil(retryInMs / 1000)} s`);
  }
}

/** A request the client module refused to send because it breaks the upstream's contract. */
export class UpstreamRequestError extends UpstreamError {
  readonly code = 'UPSTREAM_BAD_REQUEST';
}
