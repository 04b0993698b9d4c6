import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { upstreamGraphQLError } from '../errors/index.js';
import { UpstreamError } from '../upstream/http/errors.js';

/**
 * Yoga's `maskError`: upstream failures become coded errors on the failing field's path;
 * `GraphQLError`s pass as written; anything else is an internal error, logged here and masked.
 */
export function createMaskError(logger: Logger) {
  return (error: unknown, message: string): Error => {
    const graphqlError = error instanceof GraphQLError ? error : undefined;
    const original = graphqlError?.originalError ?? error;
    /** The client-facing error at the failing field. */
    const at = (text: string, extensions: Readonly<Record<string, unknown>> | undefined) =>
      new GraphQLError(text, { nodes: graphqlError?.nodes, path: graphqlError?.path, extensions });
    if (original instanceof UpstreamError) {
      const mapped = upstreamGraphQLError(original);
      // Refusals of what the client asked (a bad id, a spent budget) say nothing of the upstream, and one
      // request can cause thousands of them: they must not flood the log.
      const level = mapped.extensions.code === 'BAD_USER_INPUT' || mapped.extensions.code === 'UPSTREAM_BUDGET_EXCEEDED' ? 'debug' : 'warn';
      logger[level](
        {
          upstream: original.upstream,
          code: mapped.extensions.code,
          path: graphqlError?.path,
          traceId: original.traceId,
          reason: original.message,
        },
        'upstream failure',
      );
      return at(mapped.message, mapped.extensions);
    }
    if (original instanceof Error && original.name === 'AbortError') {
      // The client went away and its upstream calls were stopped on purpose; nobody reads this answer.
      logger.debug({ path: graphqlError?.path }, 'request aborted by the client');
      return at('The request was aborted', { code: 'REQUEST_ABORTED' });
    }
    if (original instanceof GraphQLError) {
      return original === graphqlError ? original : at(original.message, original.extensions);
    }
    logger.error({ err: original, path: graphqlError?.path }, 'unexpected error');
    return at(message, { code: 'INTERNAL_SERVER_ERROR' });
  };
}
