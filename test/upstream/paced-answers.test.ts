import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { createUpstreamHttp, type UpstreamAttempt, type UpstreamHttp } from '../../src/upstream/http/client.js';
import { rejectionOf } from '../support/upstreams.js';

let simulator: Simulator | undefined;
let http: UpstreamHttp | undefined;
afterEach(async () => {
  await http?.close();
  await simulator?.close();
});

/** A Ctrl-Hub client whose answers wait for `pace`, as answers wait their turn under load. */
async function pacedClient(pace: () => Promise<void>) {
  simulator = await startSimulator({ port: 0 });
  const attempts: UpstreamAttempt[] = [];
  http = createUpstreamHttp({
    name: 'ctrlhub',
    baseUrl: simulator.endpoints.ctrlhub.baseUrl,
    headers: { 'x-session-token': simulator.ctrlhubSessionToken },
    connections: 2,
    pipelining: 1,
    timeouts: { connectMs: 2_000, headersMs: 5_000, bodyMs: 5_000, requestMs: 10_000 },
    retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 50 },
    breaker: { failureThreshold: 5, openMs: 1_000 },
    maxResponseBytes: 10_000_000,
    pace,
    onAttempt: (attempt) => attempts.push(attempt),
  });
  return { http, simulator, attempts, list: `/orgs/${simulator.orgId}/customers/interactions` };
}

describe('answers that wait for their turn', () => {
  it('drops a read whose caller left during the wait: the call fails with the caller’s reason, once, and is not retried', async () => {
    let resume: () => void = () => undefined;
    let waiting = false;
    const paced = await pacedClient(async () => {
      waiting = true;
      await new Promise<void>((resolve) => (resume = resolve));
    });
    const caller = new AbortController();
    const call = paced.http.getJson(paced.list, new URLSearchParams({ limit: '5' }), { signal: caller.signal });
    while (!waiting) await new Promise((resolve) => setTimeout(resolve, 5));
    caller.abort(new DOMException('the client closed the request', 'AbortError'));
    resume();
    const error = await rejectionOf(call);
    expect(error.name).toBe('AbortError');
    expect(paced.simulator.requests.of('ctrlhub')).toHaveLength(1);
    expect(paced.attempts.map((attempt) => [attempt.status, attempt.error])).toEqual([[200, 'the client closed the request']]);
  });

  it('still answers a read whose caller stayed', async () => {
    const paced = await pacedClient(async () => undefined);
    const body = (await paced.http.getJson(paced.list, new URLSearchParams({ limit: '5' }))) as { data: unknown[] };
    expect(body.data).toHaveLength(5);
  });
});
