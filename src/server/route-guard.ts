import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { ENDPOINTS, type Route } from './routes.js';

/**
 * Executes GraphQL for the `graphql` route only. The HTTP layer's guards (rate limit, admission, API
 * keys) run for that route alone, while Yoga decides what to serve by its own, looser match on the
 * whole URL: `/healthz?x=/graphql` ends in `/graphql` for Yoga and would run the operation in its
 * query string past every one of those guards. Whatever Yoga makes of a URL, nothing executes that
 * the router did not send to the executor.
 */
export function useRouteGuard(): Plugin<object, { route: Route }> {
  return {
    onParams({ context }) {
      if (context.route === 'graphql') return;
      throw createGraphQLError(`Nothing is served at this path; GraphQL is at ${ENDPOINTS.graphql}`, {
        extensions: { code: 'NOT_FOUND', http: { status: 404 } },
      });
    },
  };
}
