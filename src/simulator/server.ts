import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAlpharunApi } from './alpharun-api.js';
import { createCtrlHubApi } from './ctrlhub-api.js';
import type { ContractLatitude } from './latitude.js';
import type { Dataset, DatasetSize } from './dataset.js';
import { buildDataset, type DatasetName } from './datasets.js';
import { FaultPlan, serveWithin, type FaultEffect, type FaultRule } from './faults.js';
import type { SimResponse } from './http-types.js';
import type { UpstreamEndpoints } from '../config/index.js';
import { SeededRandom } from './random.js';
import { RequestLog, recordableHeaders, type RecordedRequest, type SimulatedUpstream } from './request-log.js';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  /** Which seeded data set to serve (see `datasets.ts`); `demo` by default. */
  dataset?: DatasetName;
  size?: Partial<DatasetSize>;
  ctrlhubSessionToken?: string;
  alpharunApiToken?: string;
  /** Delay added to every answer, to make the simulator behave like a remote API. */
  latencyMs?: number;
  /** Requests kept in full in the log (all are counted); unbounded by default, for tests. */
  maxLoggedRequests?: number;
  /** How Ctrl-Hub answers a relationship update: 200 with the linkage (default) or 204 with no body. */
  relationshipUpdateStatus?: 200 | 204;
  /** Freedoms of the contracts to take (see `latitude.ts`); none by default. */
  latitude?: ContractLatitude;
}

/** Largest write body the simulated APIs read. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface Simulator {
  /** Base URLs including each API's version prefix, as the gateway's configuration wants them. */
  ctrlhubBaseUrl: string;
  alpharunBaseUrl: string;
  orgId: string;
  ctrlhubSessionToken: string;
  alpharunApiToken: string;
  /** Where and how a gateway reaches this simulator: the shape of its upstream configuration. */
  endpoints: UpstreamEndpoints;
  data: Dataset;
  requests: RequestLog;
  /** Adds a fault rule; see `FaultRule`. */
  fault(rule: FaultRule): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export const DEMO_CTRLHUB_SESSION_TOKEN = 'demo-ctrlhub-session-token';
export const DEMO_ALPHARUN_API_TOKEN = 'demo-alpharun-api-token';

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const data = buildDataset(options.dataset ?? 'demo', seed, options.size);
  const ctrlhubSessionToken = options.ctrlhubSessionToken ?? DEMO_CTRLHUB_SESSION_TOKEN;
  const alpharunApiToken = options.alpharunApiToken ?? DEMO_ALPHARUN_API_TOKEN;
  const apis: Record<SimulatedUpstream, ReturnType<typeof createCtrlHubApi>> = {
    ctrlhub: createCtrlHubApi(
      data,
      ctrlhubSessionToken,
      { relationshipUpdateStatus: options.relationshipUpdateStatus ?? 200 },
      options.latitude,
    ),
    alpharun: createAlpharunApi(data, alpharunApiToken, options.latitude),
  };
  const requests = new RequestLog(options.maxLoggedRequests);
  const faultRandom = new SeededRandom(seed ^ 0x5eed);
  const faults = new FaultPlan(() => faultRandom.next());
  const pending = new Set<AbortController>();

  const server = createServer((request, response) => {
    const controller = new AbortController();
    pending.add(controller);
    response.on('close', () => pending.delete(controller));
    serve(request, response, controller.signal).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });

  const connectionIds = new WeakMap<Socket, number>();
  let connectionCount = 0;
  function connectionOf(socket: Socket): number {
    let id = connectionIds.get(socket);
    if (id === undefined) {
      id = connectionCount++;
      connectionIds.set(socket, id);
    }
    return id;
  }

  async function serve(request: IncomingMessage, response: ServerResponse, signal: AbortSignal): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    // Not part of either API: lets a benchmark in another process read and reset the request counts.
    if (url.pathname === '/__simulator/requests') {
      if (request.method === 'DELETE') requests.clear();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(requests.counts));
      return;
    }
    const upstream: SimulatedUpstream | undefined = url.pathname.startsWith('/v3/')
      ? 'ctrlhub'
      : url.pathname.startsWith('/api/v1/')
        ? 'alpharun'
        : undefined;
    if (!upstream) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unknown API' }));
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = url.pathname;
    }
    const entry: RecordedRequest = {
      upstream,
      method: request.method ?? 'GET',
      path,
      rawPath: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: recordableHeaders(request.headers),
      connection: connectionOf(request.socket),
      status: 0,
      at: Date.now(),
      abandoned: false,
    };
    requests.record(entry);
    response.on('close', () => {
      if (!response.writableFinished) entry.abandoned = true;
    });
    // A write's body is read in full before any fault applies: a fault then acts after the upstream received it.
    const body = entry.method === 'GET' || entry.method === 'HEAD' ? undefined : await readBody(request);
    if (body === null) {
      entry.status = 413;
      response.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'body too large' }));
      return;
    }
    if (body !== undefined) entry.body = body;

    if (options.latencyMs) await sleep(options.latencyMs, undefined, { signal });
    const effects = faults.effectsFor(upstream, `${path}?${[...url.searchParams].map(([k, v]) => `${k}=${v}`).join('&')}`, entry.method);
    for (const effect of effects) if (effect.kind === 'latency') await sleep(effect.delayMs, undefined, { signal });
    for (const effect of effects) if (effect.kind === 'capacity') await serveWithin(effect);
    for (const effect of effects) {
      if (effect.kind === 'hold')
        await Promise.race([effect.until, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
    }
    const simRequest = { path, query: url.searchParams, headers: request.headers, method: entry.method, ...(body ? { body } : {}) };
    const hang = effects.find((effect): effect is Extract<FaultEffect, { kind: 'hang' }> => effect.kind === 'hang');
    if (hang) {
      // A write may be applied and its answer lost: the outcome the client cannot know.
      if (hang.afterApplying) apis[upstream](simRequest);
      // Never answer; the connection stays open until the client gives up or the simulator closes.
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      return;
    }
    if (effects.some((effect) => effect.kind === 'reset')) {
      request.socket.destroy();
      return;
    }

    const forcedStatus = effects.some((effect) => effect.kind === 'status' || effect.kind === 'echoCredentials');
    const answer: SimResponse =
      upstream === 'alpharun' && entry.method !== 'GET'
        ? { status: 405, body: { error: 'method not allowed' } }
        : // A forced failure answers instead of the API: a write it replaces is not applied.
          forcedStatus
          ? { status: 0, body: undefined }
          : apis[upstream](simRequest);
    const echo = effects.find((effect): effect is Extract<FaultEffect, { kind: 'echoCredentials' }> => effect.kind === 'echoCredentials');
    const received = request.headers[upstream === 'ctrlhub' ? 'x-session-token' : 'authorization'];
    const echoed = `${echo?.before ?? 'bad token '}${String(received)}`;
    const forced = echo
      ? {
          status: 400,
          body: JSON.stringify(upstream === 'ctrlhub' ? { errors: [{ status: '400', detail: echoed }] } : { message: echoed }),
          retryAfter: undefined,
        }
      : effects.find((effect): effect is Extract<FaultEffect, { kind: 'status' }> => effect.kind === 'status');
    const status = forced?.status ?? answer.status;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...answer.headers };
    if (forced?.retryAfter !== undefined) headers['retry-after'] = forced.retryAfter;
    if (status >= 500) headers['x-trace-id'] = randomUUID();
    if (echo?.inTraceId) headers['x-trace-id'] = `trace-${String(received).replace(/^Bearer /, '')}`;
    let text = forced ? (forced.body ?? JSON.stringify(faultBody(upstream, status))) : JSON.stringify(answer.body);
    if (effects.some((effect) => effect.kind === 'malformedJson')) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    entry.status = status;

    const slow = effects.find((effect): effect is Extract<FaultEffect, { kind: 'slowBody' }> => effect.kind === 'slowBody');
    if (!forced && answer.body === undefined) {
      response.writeHead(status).end();
      return;
    }
    response.writeHead(status, headers);
    if (slow) {
      response.write(text.slice(0, 1));
      await sleep(slow.delayMs, undefined, { signal });
      response.end(text.slice(1));
    } else {
      response.end(text);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;

  return {
    ctrlhubBaseUrl: `${origin}/v3`,
    alpharunBaseUrl: `${origin}/api/v1`,
    orgId: data.orgId,
    ctrlhubSessionToken,
    alpharunApiToken,
    endpoints: {
      ctrlhub: { baseUrl: `${origin}/v3`, orgId: data.orgId, sessionToken: ctrlhubSessionToken },
      alpharun: { baseUrl: `${origin}/api/v1`, apiToken: alpharunApiToken },
    },
    data,
    requests,
    fault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    async close() {
      for (const controller of pending) controller.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request body as text, or `null` when it exceeds `MAX_BODY_BYTES`. */
async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function faultBody(upstream: SimulatedUpstream, status: number): unknown {
  return upstream === 'ctrlhub'
    ? { errors: [{ status: String(status), title: 'Simulated failure' }], jsonapi: { version: '1.0' } }
    : { error: 'Simulated failure' };
}
