import type { UpstreamEndpoints, UpstreamTuning } from '../config/index.js';
import { createAlpharunClient, type AlpharunClient } from './alpharun/client.js';
import { createCtrlHubClient, type CtrlHubClient } from './ctrlhub/client.js';
import { createUpstreamHttp, type UpstreamAttempt, type UpstreamHttp, type UpstreamLogger } from './http/client.js';
import type { UpstreamName } from './http/errors.js';

/** The two upstream clients of one gateway process, each over its own keep-alive pool. */
export interface Upstreams {
  ctrlhub: CtrlHubClient;
  alpharun: AlpharunClient;
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
    http: { ctrlhub: ctrlhubHttp, alpharun: alpharunHttp },
    close: async () => {
      await Promise.all([ctrlhubHttp.close(), alpharunHttp.close()]);
    },
  };
}
