import type { YogaServerOptions } from 'graphql-yoga';

type CorsOption = NonNullable<YogaServerOptions<object, object>['cors']>;

/**
 * Which web pages may read the graph's answers from another origin (`CTRLGRAPH_CORS_ORIGINS`).
 * Yoga's default answers every origin, credentials allowed: any page a user of the gateway's network
 * opened could read the whole org's data (no API key by default), and the CSRF header does not stop
 * it, since the preflight allowed that header too. By default no origin is allowed; the gateway's
 * own pages (GraphiQL, `/ui/`) are same-origin and need no CORS.
 */
export function corsFor(origins: readonly string[]): CorsOption {
  if (origins.length === 0) return false;
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || (!any && !allowed.has(origin))) return false;
    // Clients authenticate with `Authorization` (an allowed header), never with cookies: no credentials.
    return { origin: [origin], credentials: false, methods: ['GET', 'POST'], maxAge: 600 };
  };
}
