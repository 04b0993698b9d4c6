import type { IncomingMessage } from 'node:http';
import type { YogaServerOptions } from 'graphql-yoga';

type CorsOption = NonNullable<YogaServerOptions<object, object>['cors']>;

/** Response headers a page of an allowed origin may read: tracing, and when to come back after a refusal. */
const EXPOSED_HEADERS = ['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy'];

export interface Cors {
  /** Yoga's `cors` option: answers preflights (204) and names the origin on the answers Yoga writes. */
  yoga: CorsOption;
  /** Headers for every answer to `request`, also those the HTTP layer writes itself (refusals). */
  headersFor(request: IncomingMessage): Record<string, string>;
}

/**
 * Which web pages may read the graph's answers from another origin (`CTRLGRAPH_CORS_ORIGINS`).
 * Yoga's default answers every origin, credentials allowed: any page a user of the gateway's network
 * opened could read the whole org's data (no API key by default), and the CSRF header does not stop
 * it, since the preflight allowed that header too. By default no origin is allowed; the gateway's
 * own pages (GraphiQL, `/ui/`) are same-origin and need no CORS.
 */
export function createCors(origins: readonly string[]): Cors {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  const allows = (origin: string | null | undefined): origin is string => typeof origin === 'string' && (any || allowed.has(origin));
  return {
    // A function even with no origin allowed, so preflights still get their 204 rather than a GraphQL refusal.
    yoga: (request: Request) => {
      const origin = request.headers.get('origin');
      if (!allows(origin)) return false;
      // The headers a preflight asks for, named here rather than left to Yoga: left to it, it sets a
      // `Vary` of its own that replaces the HTTP layer's (see `headersFor`).
      const allowedHeaders = request.headers
        .get('access-control-request-headers')
        ?.split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      // Clients authenticate with `Authorization` (an allowed header), never with cookies: no credentials.
      return {
        origin: [origin],
        credentials: false,
        methods: ['GET', 'POST'],
        ...(allowedHeaders?.length ? { allowedHeaders } : {}),
        exposedHeaders: EXPOSED_HEADERS,
        maxAge: 600,
      };
    },
    headersFor(request): Record<string, string> {
      if (origins.length === 0) return {};
      const { origin } = request.headers;
      // An answer differs by origin (a preflight's also by the headers it asks for), so caches between
      // the gateway and the browser must key on them.
      const vary = request.method === 'OPTIONS' ? 'Origin, Access-Control-Request-Headers' : 'Origin';
      if (!allows(origin)) return { vary };
      return { vary, 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS.join(', ') };
    },
  };
}
