import { GraphQLError } from 'graphql';
import {
  type UpstreamError,
  UpstreamHttpError,
  UpstreamOutcomeUnknownError,
  UpstreamRequestError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../upstream/http/errors.js';

/** Error codes a client can rely on (`extensions.code`). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'NOT_FOUND'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  /** A write was sent and no answer came: it may or may not have been applied; check before repeating it. */
  | 'UPSTREAM_OUTCOME_UNKNOWN';

/** A client mistake: the message says what to change. */
export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argument } : {}) } });
}

/**
 * The client-facing form of an upstream failure: which upstream, its status, a trace id for support,
 * and a fixed message. Upstream bodies, URLs and tokens never pass through.
 */
export function upstreamGraphQLError(error: UpstreamError): GraphQLError {
  const extensions: Record<string, unknown> = { upstream: error.upstream };
  if (error.traceId) extensions.traceId = error.traceId;
  let code: ErrorCode = 'UPSTREAM_ERROR';
  let message = `The ${label(error)} API failed to answer this field`;
  if (error instanceof UpstreamHttpError) {
    extensions.status = error.status;
    if (error.status === 401 || error.status === 403) {
      code = 'UNAUTHENTICATED';
      message = `The ${label(error)} API rejected the gateway's credentials`;
    } else if (error.status === 429) {
      code = 'UPSTREAM_RATE_LIMITED';
      message = `The ${label(error)} API is rate limiting requests; try again later`;
      if (error.retryAfterMs !== undefined) extensions.retryAfterSeconds = Math.ceil(error.retryAfterMs / 1000);
    } else {
      message = `The ${label(error)} API answered HTTP ${error.status}`;
    }
  } else if (error instanceof UpstreamTimeoutError) {
    code = 'UPSTREAM_TIMEOUT';
    message = `The ${label(error)} API did not answer in time`;
  } else if (error instanceof UpstreamUnavailableError) {
    code = 'UPSTREAM_UNAVAILABLE';
    message = `The ${label(error)} API is failing; calls are paused for ${Math.ceil(error.retryInMs / 1000)} s`;
  } else if (error instanceof UpstreamOutcomeUnknownError) {
    code = 'UPSTREAM_OUTCOME_UNKNOWN';
    message = `The ${label(error)} API received this write but its answer was lost: it may or may not have been applied. Check before sending it again`;
  } else if (error instanceof UpstreamRequestError) {
    message = `The gateway built an invalid ${label(error)} request`;
  }
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

function label(error: UpstreamError): string {
  return error.upstream === 'ctrlhub' ? 'Ctrl-Hub' : 'Alpharun';
}
