import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCtrlHubClient } from '../../src/upstream/ctrlhub/client.js';
import { createUpstreamHttp } from '../../src/upstream/http/client.js';
import { UpstreamConnectionError, UpstreamHttpError, UpstreamOutcomeUnknownError } from '../../src/upstream/http/errors.js';
import { defaultTuning } from '../../src/config/index.js';
import { rejectionOf, startUpstreams, type UpstreamFixture } from '../support/upstreams.js';

let fixture: UpstreamFixture;
beforeAll(async () => {
  fixture = await startUpstreams({ tuning: { callTimeoutMs: 800 } });
});
afterAll(() => fixture.close());
beforeEach(() => {
  fixture.simulator.requests.clear();
  fixture.simulator.clearFaults();
});

const newInteraction = { method: 'sms', direction: 'outbound', dateTime: '2026-12-02T10:15:00Z' };
const posts = () => fixture.simulator.requests.entries.filter((entry) => entry.method === 'POST');
const target = () => fixture.simulator.data.ctrlhub.interactions[100]?.id as string;

describe('Ctrl-Hub writes: retries', () => {
  it.each([503, 502, 429])('never repeats a POST answered %i', async (status) => {
    fixture.simulator.fault({ upstream: 'ctrlhub', method: 'POST', effect: { kind: 'status', status, retryAfter: '0' } });
    const error = await rejectionOf(fixture.upstreams.ctrlhub.createInteraction(newInteraction));
    expect(error).toMatchObject({ status });
    expect(posts()).toHaveLength(1);
  });

  it('repeats a PUT answered 503 and a PATCH whose connection was reset', async () => {
    fixture.simulator.fault({ upstream: 'ctrlhub', method: 'PUT', times: 1, effect: { kind: 'status', status: 503 } });
    expect(await fixture.upstreams.ctrlhub.updateInteraction(target(), { notes: 'x' })).toMatchObject({ attributes: { notes: 'x' } });
    fixture.simulator.fault({ upstream: 'ctrlhub', method: 'PATCH', times: 1, effect: { kind: 'reset' } });
    const user = [...fixture.simulator.data.ctrlhub.users.keys()][3] as string;
    await fixture.upstreams.ctrlhub.relinkInteraction(target(), 'representative', user);
    expect(fixture.simulator.requests.entries.map((entry) => entry.method)).toEqual(['PUT', 'PUT', 'PATCH', 'PATCH']);
  });
});

describe('Ctrl-Hub writes: an outcome that cannot be known', () => {
  it('is UpstreamOutcomeUnknownError when the connection drops after the POST body was sent', async () => {
    fixture.simulator.fault({ upstream: 'ctrlhub', method: 'POST', effect: { kind: 'reset' } });
    const error = await rejectionOf(fixture.upstreams.ctrlhub.createInteraction(newInteraction));
    expect(error).toBeInstanceOf(UpstreamOutcomeUnknownError);
    expect(error).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', method: 'POST' });
    expect(posts()).toHaveLength(1);
  });

  it('is UpstreamOutcomeUnknownError when the deadline passes while the POST waits for its answer', async () => {
    fixture.simulator.fault({ upstream: 'ctrlhub', method: 'POST', effect: { kind: 'hang' } });
    const error = await rejectionOf(fixture.upstreams.ctrlhub.createInteraction(newInteraction));
    expect(error).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', reason: 'deadline timeout' });
    expect(posts()).toHaveLength(1);
  });

  it('is a plain connection failure when nothing could be sent (connection refused)', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const tuning = defaultTuning();
    const http = createUpstreamHttp({
      name: 'ctrlhub',
      baseUrl: `http://127.0.0.1:${port}/v3`,
      headers: { 'x-session-token': 't' },
      connections: 1,
      pipelining: 1,
      timeouts: { connectMs: 500, headersMs: 500, bodyMs: 500, requestMs: 1000 },
      retry: { maxRetries: 0, baseDelayMs: 10, maxDelayMs: 10 },
      breaker: { failureThreshold: tuning.breakerThreshold, openMs: tuning.breakerOpenMs },
      maxResponseBytes: tuning.maxResponseBytes,
    });
    try {
      const client = createCtrlHubClient(http, { orgId: 'org', pageLimit: 100 });
      const error = await rejectionOf(client.createInteraction(newInteraction));
      expect(error).toBeInstanceOf(UpstreamConnectionError);
      expect(error).not.toBeInstanceOf(UpstreamOutcomeUnknownError);
    } finally {
      await http.close();
    }
  });
});

describe('Ctrl-Hub writes: answers', () => {
  it('keeps every JSON:API error of a refusal with its source.pointer', async () => {
    const error = await rejectionOf(fixture.upstreams.ctrlhub.createInteraction({ ...newInteraction, method: ' ', dateTime: 'soon' }));
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect((error as UpstreamHttpError).status).toBe(422);
    expect((error as UpstreamHttpError).problems).toEqual([
      expect.objectContaining({ status: '422', pointer: '/data/attributes/method' }),
      expect.objectContaining({ status: '422', pointer: '/data/attributes/date_time' }),
    ]);
  });

  it('cuts the session token out of an error detail that echoes it', async () => {
    const body = JSON.stringify({ errors: [{ status: '422', detail: `token ${fixture.simulator.ctrlhubSessionToken} refused` }] });
    fixture.simulator.fault({ upstream: 'ctrlhub', method: 'POST', effect: { kind: 'status', status: 422, body } });
    const error = (await rejectionOf(fixture.upstreams.ctrlhub.createInteraction(newInteraction))) as UpstreamHttpError;
    expect(error.problems[0]?.detail).toBe('token [redacted] refused');
  });

  it('accepts a relationship update answered 204 with no body', async () => {
    const quiet = await startUpstreams({ simulator: { relationshipUpdateStatus: 204 } });
    try {
      const id = quiet.simulator.data.ctrlhub.interactions[0]?.id as string;
      const user = [...quiet.simulator.data.ctrlhub.users.keys()][4] as string;
      await expect(quiet.upstreams.ctrlhub.relinkInteraction(id, 'representative', user)).resolves.toBeUndefined();
      expect(quiet.simulator.requests.entries.map((entry) => entry.status)).toEqual([204]);
    } finally {
      await quiet.close();
    }
  });
});
