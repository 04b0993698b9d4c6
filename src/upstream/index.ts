import type { UpstreamEndpoints, UpstreamTuning } from '../config/index.js';
import { createAlpharunClient, type AlpharunClient } from './alpharun/client.js';
import { createCtrlHubClient, type CtrlHubClient } from './ctrlhub/client.js';
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

/** The two upstream clients of one gateway process, each over its own keep-alive pool. */
export interface Upstreams extends UpstreamClients {
  /** Clients that call with the caller's credentials, over the same pools. */
  withCredentials(credentials: CallerCredentials): UpstreamClients;
  http: Record<UpstreamName, UpstreamHttp>;
  close(): Promise<void>;
}

export interface UpstreamsOptions {
  endpoints: UpstreamEndpoints;
  tuning: UpstreamTuning;
  ctrlhubPageLimit: number;
  logger?: UpstreamLogger;
  onAttempt?: (attempt: UpstreamAttempt) => void;
}

export function createUpstreams({ endpoints, tuning, ctrlhubPageLimit, logger, onAttempt }: UpstreamsOptions): Upstreams {
  const common = {
    connections: tuning.connections,
    timeouts: { connectMs: tuning.connectTimeoutMs, headersMs: tuning.headersTimeoutMs, bodyMs: tuning.bodyTimeoutMs, requestMs: tuning.callTimeoutMs },
    retry: { maxRetries: tuning.maxRetries, baseDelayMs: tuning.retryBaseDelayMs, maxDelayMs: tuning.retryMaxDelayMs },
    breaker: { failureThreshold: tuning.breakerThreshold, openMs: tuning.breakerOpenMs },
    maxResponseBytes: tuning.maxResponseBytes,
    ...(logger ? { logger } : {}),
    ...(onAttempt ? { onAttempt } : {}),
  };
  const ctrlhubHttp = createUpstreamHttp({
    ...common,
    name: 'ctrlhub',
    baseUrl: endpoints.ctrlhub.baseUrl,
    headers: { 'x-session-token': endpoints.ctrlhub.sessionToken },
  });
  const alpharunHttp = createUpstreamHttp({
    ...common,
    name: 'alpharun',
    baseUrl: endpoints.alpharun.baseUrl,
    headers: { authorization: `Bearer ${endpoints.alpharun.apiToken}` },
  });
  return {
    ctrlhub: createCtrlHubClient(ctrlhubHttp, { orgId: endpoints.ctrlhub.orgId, pageLimit: ctrlhubPageLimit }),
    alpharun: createAlpharunClient(alpharunHttp),
    withCredentials: ({ ctrlhubSessionToken, ctrlhubOrgId, alpharunApiToken }) => ({
      ctrlhub: createCtrlHubClient(ctrlhubHttp, {
        orgId: ctrlhubOrgId ?? endpoints.ctrlhub.orgId,
        pageLimit: ctrlhubPageLimit,
        ...(ctrlhubSessionToken ? { headers: { 'x-session-token': ctrlhubSessionToken } } : {}),
      }),
      alpharun: createAlpharunClient(alpharunHttp, alpharunApiToken ? { authorization: `Bearer ${alpharunApiToken}` } : undefined),
    }),
    http: { ctrlhub: ctrlhubHttp, alpharun: alpharunHttp },
    close: async () => {
      await Promise.all([ctrlhubHttp.close(), alpharunHttp.close()]);
    },
  };
}
