import { shouldRenderGraphiQL } from 'graphql-yoga';

/**
 * The one decision of which route a request takes, made once on the raw request target before any
 * guard or Yoga sees it. Every guard (API keys, admission, body limits, metrics) reads this answer,
 * and only requests whose path is spelled exactly as one of ours reach Yoga at all: Yoga's own
 * matching also serves `/graphql/`, `//graphql` or any URL ending in `/graphql`, which a guard
 * comparing strings would let through.
 */
export const ENDPOINTS = {
  graphql: '/graphql',
  health: '/healthz',
  readiness: '/readyz',
  metrics: '/metrics',
  /** The built example app, when one is served (`CTRLGRAPH_UI_DIR`): this path and every one below it. */
  ui: '/ui/',
} as const;

export type Route =
  /** Parses, validates and executes a GraphQL operation: every guard applies. */
  | 'graphql'
  /** The GraphiQL page (a browser GET for HTML, GraphiQL on): static HTML, no execution. */
  | 'graphiql'
  | 'health'
  | 'readiness'
  | 'metrics'
  /** A file of the built app under `/ui/` (static, looked up by name, no execution). */
  | 'ui'
  /** A Host header that is no host: answered 400 without reaching Yoga, which builds its URL from it. */
  | 'bad-host'
  /** Anything else, answered 404 without reaching Yoga. */
  | 'not-found';

export interface RouteOptions {
  /** Whether GraphiQL is served: without it, a GET for HTML is an ordinary GraphQL request. */
  graphiql: boolean;
  /** Whether a built app is served under `/ui/`. */
  ui?: boolean;
}

export interface RoutedRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: { accept?: string | undefined; host?: string | undefined };
}

export function routeOf(request: RoutedRequest, options: RouteOptions): Route {
  if (!isHost(request.headers.host)) return 'bad-host';
  const path = requestPath(request.url ?? '');
  switch (path) {
    case ENDPOINTS.graphql: {
      // Yoga's own test (it reads the method and the Accept header only), so the page it renders and
      // the requests the guards exempt are the same ones.
      const asked = { method: request.method ?? 'GET', headers: new Headers({ accept: request.headers.accept ?? '' }) };
      return options.graphiql && shouldRenderGraphiQL(asked as unknown as Request) ? 'graphiql' : 'graphql';
    }
    case ENDPOINTS.health:
      return 'health';
    case ENDPOINTS.readiness:
      return 'readiness';
    case ENDPOINTS.metrics:
      return 'metrics';
    default:
      if (options.ui && path !== undefined && (path === ENDPOINTS.ui.slice(0, -1) || path.startsWith(ENDPOINTS.ui))) return 'ui';
      return 'not-found';
  }
}

/**
 * The path of a request target exactly as sent: no case folding, no slash merging, no dot-segment
 * resolution and no percent-decoding, so exactly one spelling names each endpoint. A path that a URL
 * parser would rewrite (`/ui/../graphql`, `/ui/%2e%2e/graphql`, `/ui/..\\graphql`) has no route: Yoga
 * and the plugins read the parsed URL, so the router must never see another path than they do.
 */
export function requestPath(target: string): string | undefined {
  // Only the origin form (`/graphql?…`): Yoga's adapter fails on the absolute form a proxy would send.
  if (!target.startsWith('/')) return undefined;
  const end = target.search(/[?#]/);
  const path = end === -1 ? target : target.slice(0, end);
  return URL.canParse(`http://localhost${path}`) && new URL(`http://localhost${path}`).pathname === path ? path : undefined;
}

/** Endpoints Yoga's plugins answer by the end of the whole URL (`url.endsWith('/healthz')`). */
const MATCHED_BY_SUFFIX = [ENDPOINTS.health, ENDPOINTS.readiness, ENDPOINTS.metrics];

/**
 * The request target Yoga is handed for a route. Yoga's own plugins (health, readiness, GraphiQL)
 * match on the whole URL, query string included, so every route but GraphQL's reaches Yoga as its
 * bare path, and they answer what the router decided and nothing else. A GraphQL target whose query
 * string happens to end in one of their paths (`?query=…&next=/healthz`) gets an empty parameter after
 * it, which no parser reads: it executes, where Yoga would have answered an empty 200 in its place.
 */
export function yogaTarget(route: Route, target: string): string {
  if (route !== 'graphql') return requestPath(target) ?? '/';
  return MATCHED_BY_SUFFIX.some((endpoint) => target.endsWith(endpoint)) ? `${target}&` : target;
}

/**
 * A Host header that names a host and nothing else (RFC 9112 answers any other with 400). Yoga builds
 * the request's URL as `http://{Host}{target}`, so `Host: x/graphql#` would turn `/metrics` into
 * `/graphql` behind the router's back, and a host the URL parser refuses (`256.1.1.1`, port 99999,
 * `[::::]`) would fail that construction with a 500 whose body is the stack trace. An absent Host
 * (HTTP/1.0) is fine: Yoga then uses the socket's.
 */
export function isHost(host: string | undefined): boolean {
  return host === undefined || (/^(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host) && URL.canParse(`http://${host}/`));
}
