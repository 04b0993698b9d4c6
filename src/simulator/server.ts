import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAlpharunApi } from './alpharun-api.js';
import { createCtrlHubApi } from './ctrlhub-api.js';
import type { Dataset, DatasetSize } from './dataset.js';
import { buildDataset, type DatasetName } from './datasets.js';
import { FaultPlan, type FaultEffect, type FaultRule } from './faults.js';
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
}

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
    ctrlhub: createCtrlHubApi(data, ctrlhubSessionToken),
    alpharun: createAlpharunApi(data, alpharunApiToken),
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

    if (options.latencyMs) await sleep(options.latencyMs, undefined, { signal });
    const effects = faults.effectsFor(upstream, `${path}?${[...url.searchParams].map(([k, v]) => `${k}=${v}`).join('&')}`);
    for (const effect of effects) if (effect.kind === 'latency') await sleep(effect.delayMs, undefined, { signal });
    for (const effect of effects) {
      if (effect.kind === 'hold')
        await Promise.race([effect.until, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
    }
    if (effects.some((effect) => effect.kind === 'hang')) {
      // Never answer; the connection stays open until the client gives up or the simulator closes.
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      return;
    }
    if (effects.some((effect) => effect.kind === 'reset')) {
      request.socket.destroy();
      return;
    }

    const answer: SimResponse =
      request.method !== 'GET'
        ? { status: 405, body: { error: 'method not allowed' } }
        : apis[upstream]({ path, query: url.searchParams, headers: request.headers });
    const echo = effects.some((effect) => effect.kind === 'echoCredentials');
    const received = request.headers[upstream === 'ctrlhub' ? 'x-session-token' : 'authorization'];
    const forced = echo
      ? {
          status: 400,
          body: JSON.stringify(
            upstream === 'ctrlhub'
              ? { errors: [{ status: '400', detail: `bad token ${String(received)}` }] }
              : { message: `bad token ${String(received)}` },
          ),
          retryAfter: undefined,
        }
      : effects.find((effect): effect is Extract<FaultEffect, { kind: 'status' }> => effect.kind === 'status');
    const status = forced?.status ?? answer.status;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...answer.headers };
    if (forced?.retryAfter !== undefined) headers['retry-after'] = forced.retryAfter;
    if (status >= 500) headers['x-trace-id'] = randomUUID();
    let text = forced ? (forced.body ?? JSON.stringify(faultBody(upstream, status))) : JSON.stringify(answer.body);
    if (effects.some((effect) => effect.kind === 'malformedJson')) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    entry.status = status;

    const slow = effects.find((effect): effect is Extract<FaultEffect, { kind: 'slowBody' }> => effect.kind === 'slowBody');
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

function faultBody(upstream: SimulatedUpstream, status: number): unknown {
  return upstream === 'ctrlhub'
    ? { errors: [{ status: String(status), title: 'Simulated failure' }], jsonapi: { version: '1.0' } }
    : { error: 'Simulated failure' };
}
