import type { UpstreamEndpoints, UpstreamTuning } from '../config/index.js';
import { createAlpharunClient, type AlpharunClient } from './alpharun/client.js';
import { createCtrlHubClient, type CtrlHubClient } from './ctrlhub/client.js';
import type { UpstreamBudget } from './http/budget.js';
import { createTurnPacer } from './http/turn-pacer.js';
import { createUpstreamHttp, type UpstreamAttempt, type UpstreamHttp, type UpstreamLogger } from './http/client.js';
import type { UpstreamName } from './http/errors.js';

/** Credentials a caller brings for its own upstream calls; each one given replaces the configured one. */
export interface CallerCredentials {
  ctrlhubSessionToken?: string;
  ctrlhubOrgId?: string;
  alpharunApiToken?: string;
}

export interface UpstreamClients {
  ctrlhub: CtrlHubClient;
  alpharun: AlpharunClient;
}

/** What scopes upstream calls to one GraphQL request. */
export interface RequestScope {
  /** The caller's own credentials, when it brings them. */
  credentials?: CallerCredentials | undefined;
  /** The request's budget of upstream requests. */
  budget?: UpstreamBudget | undefined;
}

/** The two upstream clients of one gateway process, each over its own keep-alive pool. */
export interface Upstreams extends UpstreamClients {
  /** Clients that call with the caller's credentials, over the same pools. */
  withCredentials(credentials: CallerCredentials): UpstreamClients;
  /** Clients for one GraphQL request: its credentials and its budget, over the same pools. */
  forRequest(scope: RequestScope): UpstreamClients;
  http: Record<UpstreamName, UpstreamHttp>;
  close(): Promise<void>;
}

export interface UpstreamsOptions {
  endpoints: UpstreamEndpoints;
  /** One tuning for both upstreams, or each its own. */
  tuning: UpstreamTuning | Record<UpstreamName, UpstreamTuning>;
  ctrlhubPageLimit: number;
  /** Upstream answers whose processing starts per event-loop turn (0: all at once); see `createTurnPacer`. */
  answersPerTurn: number;
  logger?: UpstreamLogger;
  onAttempt?: (attempt: UpstreamAttempt) => void;
}

export function createUpstreams({ endpoints, tuning, ctrlhubPageLimit, answersPerTurn, logger, onAttempt }: UpstreamsOptions): Upstreams {
  // One event loop, so one pacer for both upstreams.
  const pace = answersPerTurn > 0 ? createTurnPacer(answersPerTurn) : undefined;
  /** The client settings of one upstream, from its own tuning or the shared one. */
  const httpOptions = (name: UpstreamName) => {
    const own = 'ctrlhub' in tuning ? tuning[name] : tuning;
    return {
      connections: own.connections,
      pipelining: own.pipelining,
      timeouts: {
        connectMs: own.connectTimeoutMs,
        headersMs: own.headersTimeoutMs,
        bodyMs: own.bodyTimeoutMs,
        requestMs: own.callTimeoutMs,
      },
      retry: { maxRetries: own.maxRetries, baseDelayMs: own.retryBaseDelayMs, maxDelayMs: own.retryMaxDelayMs },
      breaker: { failureThreshold: own.breakerThreshold, openMs: own.breakerOpenMs },
      maxResponseBytes: own.maxResponseBytes,
      ...(pace ? { pace } : {}),
      ...(logger ? { logger } : {}),
      ...(onAttempt ? { onAttempt } : {}),
    };
  };
  const ctrlhubHttp = createUpstreamHttp({
    ...httpOptions('ctrlhub'),
    name: 'ctrlhub',
    baseUrl: endpoints.ctrlhub.baseUrl,
    headers: { 'x-session-token': endpoints.ctrlhub.sessionToken },
  });
  const alpharunHttp = createUpstreamHttp({
    ...httpOptions('alpharun'),
    name: 'alpharun',
    baseUrl: endpoints.alpharun.baseUrl,
    headers: { authorization: `Bearer ${endpoints.alpharun.apiToken}` },
  });
  const forRequest = ({ credentials = {}, budget }: RequestScope): UpstreamClients => {
    const { ctrlhubSessionToken, ctrlhubOrgId, alpharunApiToken } = credentials;
    return {
      ctrlhub: createCtrlHubClient(withBudget(ctrlhubHttp, budget), {
        // Another org only with the caller's own token: the gateway's token never reads an org a caller names.
        orgId: (ctrlhubSessionToken && ctrlhubOrgId) || endpoints.ctrlhub.orgId,
        pageLimit: ctrlhubPageLimit,
        ...(ctrlhubSessionToken ? { headers: { 'x-session-token': ctrlhubSessionToken } } : {}),
      }),
      alpharun: createAlpharunClient(
        withBudget(alpharunHttp, budget),
        alpharunApiToken ? { authorization: `Bearer ${alpharunApiToken}` } : undefined,
      ),
    };
  };
  return {
    ctrlhub: createCtrlHubClient(ctrlhubHttp, { orgId: endpoints.ctrlhub.orgId, pageLimit: ctrlhubPageLimit }),
    alpharun: createAlpharunClient(alpharunHttp),
    withCredentials: (credentials) => forRequest({ credentials }),
    forRequest,
    http: { ctrlhub: ctrlhubHttp, alpharun: alpharunHttp },
    close: async () => {
      await Promise.all([ctrlhubHttp.close(), alpharunHttp.close()]);
    },
  };
}

/** `http` with every call charged to `budget`. */
function withBudget(http: UpstreamHttp, budget: UpstreamBudget | undefined): UpstreamHttp {
  if (!budget) return http;
  return {
    ...http,
    getJson: (path, query, options) => http.getJson(path, query, { ...options, budget }),
    sendJson: (method, path, body, options) => http.sendJson(method, path, body, { ...options, budget }),
  };
}
