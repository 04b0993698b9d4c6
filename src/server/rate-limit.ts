import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP, isIPv6 } from 'node:net';
import type { RateLimitSettings } from '../config/index.js';
import type { RateDecision, RateLimitStore } from '../rate-limit/gcra.js';
import { writeErrorResponse } from './error-response.js';

/**
 * Upstream quota protection: every caller (its API key, or its client address without keys) may make
 * `limit` GraphQL requests per window, `burst` at once. A request over the limit is answered 429 with
 * `Retry-After` before Yoga sees it, so it costs no upstream call. Headers follow the IETF draft
 * "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers-07).
 */
export interface RateLimitGuardOptions {
  settings: RateLimitSettings;
  /** Shared (Redis) or this process's store. */
  store: RateLimitStore;
  /** Used whenever `store` cannot answer (Redis away), so callers stay limited per instance meanwhile. */
  fallback: RateLimitStore;
  /** Configured API keys: a caller presenting one is counted by it, whatever its address. */
  apiKeys: readonly string[];
}

export interface RateLimitGuard {
  /**
   * Calls `next` when the request may go on; answers 429 itself otherwise. The server asks only for
   * requests its one route decision sends to the executor (`routes.ts`).
   */
  admit(request: IncomingMessage, response: ServerResponse, next: () => void): void;
  close(): void;
}

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

export function createRateLimitGuard(options: RateLimitGuardOptions): RateLimitGuard {
  const { settings, store, fallback } = options;
  const keys = new Set(options.apiKeys.map(digest));
  const policyHeader = `${settings.limit};w=${Math.ceil(settings.windowMs / 1000)};burst=${settings.burst}`;

  const callerOf = (request: IncomingMessage): string => {
    const presented = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
    // Only a configured key names a caller: random keys must not buy fresh allowances.
    const key = presented ? digest(presented) : undefined;
    if (key && keys.has(key)) return `key:${key}`;
    return `address:${addressBucket(clientAddress(request, settings.trustForwardedFor))}`;
  };

  const headersOf = (decision: RateDecision): Record<string, string> => ({
    'ratelimit-limit': String(settings.burst),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(Math.ceil(decision.resetMs / 1000)),
    'ratelimit-policy': policyHeader,
  });

  return {
    admit(request, response, next) {
      const caller = callerOf(request);
      void store
        .take(caller)
        .then((decision) => decision ?? fallback.take(caller))
        .then((decision) => {
          if (!decision) {
            next();
            return;
          }
          const headers = headersOf(decision);
          if (decision.allowed) {
            for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
            next();
            return;
          }
          const retryAfter = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
          writeErrorResponse(
            response,
            429,
            'RATE_LIMITED',
            `Too many requests: at most ${settings.limit} per ${settings.windowMs / 1000} s; retry in ${retryAfter} s`,
            { ...headers, 'retry-after': String(retryAfter) },
          );
          request.resume();
        });
    },
    close() {
      store.close();
      fallback.close();
    },
  };
}

/** The client's address: the socket's peer, or the hop the one trusted load balancer appended. */
function clientAddress(request: IncomingMessage, trustForwardedFor: boolean): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  if (!trustForwardedFor) return peer;
  const forwarded = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',');
  // The last hop is the one our load balancer wrote; earlier ones are whatever the client sent.
  return hopAddress(hops.at(-1) ?? '') ?? peer;
}

/**
 * The address of one X-Forwarded-For hop. Some load balancers (Azure Application Gateway) write the
 * client's port too, `203.0.113.1:51000` or `[2001:db8::1]:51000`; read as no address, every client
 * behind them would share the load balancer's one bucket.
 */
function hopAddress(hop: string): string | undefined {
  const text = hop.trim();
  if (isIP(text)) return text;
  const spelled = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text)?.[1] ?? /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text)?.[1];
  return spelled && isIP(spelled) ? spelled : undefined;
}

/**
 * One bucket per IPv4 address and per IPv6 /64 (what one subscriber is usually given), so a client
 * cannot multiply its allowance by cycling the addresses of its own network.
 */
export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return mapped;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
