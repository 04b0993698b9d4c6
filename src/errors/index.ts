import { GraphQLError } from 'graphql';
import {
  type UpstreamError,
  UpstreamHttpError,
  UpstreamRequestError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../upstream/http/errors.js';
import type { ErrorCode } from './codes.js';

export { ERROR_CODES, type ErrorCode } from './codes.js';

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
  } else if (error instanceof UpstreamRequestError) {
    message = `The gateway built an invalid ${label(error)} request`;
  }
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

function label(error: UpstreamError): string {
  return error.upstream === 'ctrlhub' ? 'Ctrl-Hub' : 'Alpharun';
}
