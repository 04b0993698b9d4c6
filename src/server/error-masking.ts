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
    const location = { nodes: graphqlError?.nodes, path: graphqlError?.path };
    if (original instanceof UpstreamError) {
      const mapped = upstreamGraphQLError(original);
      logger.warn({ upstream: original.upstream, code: mapped.extensions.code, path: graphqlError?.path, traceId: original.traceId, reason: original.message }, 'upstream failure');
      return new GraphQLError(mapped.message, { ...location, extensions: mapped.extensions });
    }
    if (original instanceof GraphQLError) {
      return original === graphqlError ? original : new GraphQLError(original.message, { ...location, extensions: original.extensions });
    }
    logger.error({ err: original, path: graphqlError?.path }, 'unexpected error');
    return new GraphQLError(message, { ...location, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  };
}
