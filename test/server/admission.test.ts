import { createServer, request as httpRequest } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdmission } from '../../src/server/admission.js';
import { CUT_TO, DEFAULT_BOUNDS } from '../../src/server/admission-limit.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

const query = (n: number) => ({ query: `query Page${n} { interactions(first: ${n}) { edges { node { id } } } }` });

let gateway: GatewayFixture | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** Holds every Ctrl-Hub answer until `release()`. */
function holdCtrlHub(fixture: GatewayFixture): () => void {
  let release: () => void = () => undefined;
  fixture.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'hold', until: new Promise<void>((resolve) => (release = resolve)) } });
  return () => {
    fixture.simulator.clearFaults();
    release();
  };
}

const until = async (condition: () => boolean) => {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
};

describe('admission control (CTRLGRAPH_MAX_CONCURRENT_REQUESTS)', () => {
  it('runs at most the limit at once and the rest in arrival order, all answered', async () => {
    gateway = await startGateway({ admission: { maxConcurrent: 2, maxWaitMs: 10_000 } });
    const fixture = gateway;
    const release = holdCtrlHub(fixture);
    const answers = [1, 2, 3, 4, 5].map((n) => fixture.post(query(n)));
    await until(() => fixture.requests('ctrlhub').length === 2);
    // The other three wait in the gateway: nothing of theirs reached the upstream.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fixture.requests('ctrlhub').map((request) => request.query['limit'])).toEqual(['1', '2']);

    release();
    const settled = await Promise.all(answers);
    expect(settled.map(({ status }) => status)).toEqual([200, 200, 200, 200, 200]);
    settled.forEach(({ body }, index) => expect((body.data?.['interactions'] as { edges: unknown[] }).edges).toHaveLength(index + 1));
    expect(fixture.requests('ctrlhub').map((request) => request.query['limit'])).toEqual(['1', '2', '3', '4', '5']);
  });

  it('answers 503 with Retry-After when a request waits too long, and keeps health and metrics out of the queue', async () => {
    gateway = await startGateway({ admission: { maxConcurrent: 1, maxWaitMs: 300 } });
    const fixture = gateway;
    const release = holdCtrlHub(fixture);
    const first = fixture.post(query(1));
    await until(() => fixture.requests('ctrlhub').length === 1);

    const queued = fetch(fixture.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(query(2)) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetch(new URL('/healthz', fixture.url))).status).toBe(200);
    const metrics = await (await fetch(new URL('/metrics', fixture.url))).text();
    expect(metrics).toContain('ctrlgraph_requests_in_flight{state="running"} 1');
    expect(metrics).toContain('ctrlgraph_requests_in_flight{state="waiting"} 1');

    const refused = await queued;
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] });

    release();
    expect((await first).status).toBe(200);
    expect(fixture.requests('ctrlhub')).toHaveLength(1);
  });

  it('drops a request whose client left while it waited, without running it', async () => {
    gateway = await startGateway({ admission: { maxConcurrent: 1, maxWaitMs: 10_000 } });
    const fixture = gateway;
    const release = holdCtrlHub(fixture);
    const first = fixture.post(query(1));
    await until(() => fixture.requests('ctrlhub').length === 1);

    const body = JSON.stringify(query(7));
    const leaving = httpRequest(fixture.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    leaving.on('error', () => undefined);
    leaving.end(body);
    await new Promise((resolve) => setTimeout(resolve, 100));
    leaving.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));

    release();
    expect((await first).status).toBe(200);
    // The slot passes to the next request; the one that left never ran.
    expect((await fixture.post(query(3))).status).toBe(200);
    expect(fixture.requests('ctrlhub').map((request) => request.query['limit'])).toEqual(['1', '3']);
  });
});

describe('adaptive admission control (CTRLGRAPH_MAX_CONCURRENT_REQUESTS=auto, the default)', () => {
  const metric = async (fixture: GatewayFixture, pattern: RegExp) =>
    Number(pattern.exec(await (await fetch(new URL('/metrics', fixture.url))).text())?.[1]);
  const limitIn = (fixture: GatewayFixture) => metric(fixture, /^ctrlgraph_admission_limit (\d+)$/m);

  /**
   * `clients` callers that each send the next request (`body`, a one-interaction page unless given) as
   * soon as the last is answered, for `ms`; the admission limit sampled every 100 ms, and the Ctrl-Hub
   * requests that arrived in the last second.
   */
  async function closedLoop(
    fixture: GatewayFixture,
    clients: number,
    ms: number,
    { body = query(1), during }: { body?: { query: string }; during?: () => Promise<void> } = {},
  ) {
    const endAt = Date.now() + ms;
    const limits: number[] = [];
    const sampling = (async () => {
      while (Date.now() < endAt) {
        limits.push(await limitIn(fixture));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const statuses = new Set<number>();
    const callers = Array.from({ length: clients }, async () => {
      while (Date.now() < endAt) statuses.add((await fixture.post(body)).status);
    });
    await during?.();
    await Promise.all([...callers, sampling]);
    const lastSecond = fixture.requests('ctrlhub').filter((request) => request.at >= endAt - 1_000).length;
    return { limits, statuses: [...statuses], lastSecond };
  }

  it('raises the limit while a slow upstream answers more the more requests it is sent', async () => {
    gateway = await startGateway({ admission: { maxConcurrent: 'auto', maxWaitMs: 30_000 } });
    const fixture = gateway;
    expect(await limitIn(fixture)).toBe(DEFAULT_BOUNDS.floor);
    // 200 ms per answer, whatever the number in flight: the limit, not the upstream, bounds throughput.
    fixture.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'latency', delayMs: 200 } });
    const { limits, statuses, lastSecond } = await closedLoop(fixture, 48, 8_000);
    expect(statuses).toEqual([200]);
    // All 48 callers in flight at once, where the floor would let 16 through (80 upstream requests a second).
    expect(Math.max(...limits)).toBeGreaterThanOrEqual(48);
    expect(lastSecond, `limits ${limits.join(',')}`).toBeGreaterThanOrEqual(1.5 * (DEFAULT_BOUNDS.floor / 0.2));
  });

  it('keeps it at the floor for a saturated upstream, however idle the gateway is', async () => {
    gateway = await startGateway({ admission: { maxConcurrent: 'auto', maxWaitMs: 30_000 } });
    const fixture = gateway;
    // Four requests at a time, 25 ms each: 160 answers a second, whether 16 or 48 requests are sent.
    fixture.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'capacity', atOnce: 4, serviceMs: 25 } });
    const { limits, statuses } = await closedLoop(fixture, 48, 8_000);
    expect(statuses).toEqual([200]);
    // Raises are tried and undone: the event loop idles, but more requests in flight answer no more.
    const context = `limits ${limits.join(',')}`;
    expect(limits.filter((limit) => limit === DEFAULT_BOUNDS.floor).length / limits.length, context).toBeGreaterThanOrEqual(0.7);
    expect(Math.max(...limits.slice(-5)), context).toBeLessThanOrEqual(2 * DEFAULT_BOUNDS.floor);
  });

  it('undoes a raise on a saturated upstream as soon as its round trips stretch, before the raise has a window of answers', async () => {
    gateway = await startGateway({ admission: { maxConcurrent: 'auto', maxWaitMs: 30_000 } });
    const fixture = gateway;
    fixture.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'capacity', atOnce: 4, serviceMs: 25 } });
    // Two Ctrl-Hub calls a request, one after the other (the page, then the contact's interactions):
    // round trips come twice as fast as answers, as they do for the fan-out's five.
    const nested = {
      query: 'query Nested { interactions(first: 1) { edges { node { contact { interactions(first: 1) { edges { node { id } } } } } } } }',
    };
    const { limits, statuses } = await closedLoop(fixture, 48, 12_000, { body: nested });
    expect(statuses).toEqual([200]);
    expect(fixture.requests('alpharun')).toEqual([]);
    // Each run of samples above the floor is one raise, from its start to its undoing. Judged on answers
    // alone, a raise lasts the settling of one request duration and a window of three at the raised
    // limit: 13-14 samples here. Round trips stretch to twice their length within a few hundred ms.
    const raises: number[][] = [];
    for (const [index, limit] of limits.entries()) {
      if (limit === DEFAULT_BOUNDS.floor) continue;
      if (index > 0 && limits[index - 1] !== DEFAULT_BOUNDS.floor) raises.at(-1)?.push(limit);
      else raises.push([limit]);
    }
    const context = `limits ${limits.join(',')}`;
    expect(raises.length, context).toBeGreaterThan(0);
    expect(
      raises.flat().every((limit) => limit === 2 * DEFAULT_BOUNDS.floor),
      context,
    ).toBe(true);
    const ended = limits.at(-1) === DEFAULT_BOUNDS.floor ? raises : raises.slice(0, -1);
    expect(ended.length, context).toBeGreaterThan(0);
    expect(Math.max(...ended.map((run) => run.length)), context).toBeLessThanOrEqual(8);
  });

  it('tries a cut of a raised limit while the event loop is saturated', async () => {
    gateway = await startGateway({ admission: { maxConcurrent: 'auto', maxWaitMs: 30_000 } });
    const fixture = gateway;
    fixture.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'latency', delayMs: 200 } });
    const raised = await closedLoop(fixture, 48, 6_000);
    expect(Math.max(...raised.limits)).toBeGreaterThanOrEqual(48);
    // Keep the loop busy (this test shares it with the gateway) while twice as many callers go on, so
    // that requests queue whether the raise to 64 was kept or undone. Short slices of busy work let
    // answers through: with 100 ms slices a window lasted 5 s and no trial came within the phase.
    const spin = async () => {
      const busyUntil = Date.now() + 12_000;
      while (Date.now() < busyUntil) {
        const spinUntil = Date.now() + 10;
        while (Date.now() < spinUntil) {
          // busy: the gateway's windows see a saturated loop
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const busy = await closedLoop(fixture, 96, 12_000, { during: spin });
    // Saturation makes the limit try a quarter fewer (an undone raise halves it instead, which is why
    // the test looks for that step). Whether the cut is kept is judged on throughput, which other test
    // files on the same cores move by more than the 5 % it is held to; keeping and undoing are decided
    // by `afterWindow`, tested on its own in test/unit/admission-limit.test.ts.
    const cuts = busy.limits
      .slice(1)
      .filter(
        (limit, index) =>
          limit === Math.max(DEFAULT_BOUNDS.floor, Math.floor((busy.limits[index] as number) * CUT_TO)) &&
          limit < (busy.limits[index] as number),
      );
    expect(cuts.length, `limits ${busy.limits.join(',')}`).toBeGreaterThan(0);
    // Two phases of 6 and 12 s: twice the default timeout leaves room for a slow start under load.
  }, 40_000);
});

describe('a client that sends its request slowly', () => {
  it('holds its admission slot no longer than the request deadline: the request is answered 408 and the next one runs', async () => {
    gateway = await startGateway({ admission: { maxConcurrent: 1, maxWaitMs: 5_000 }, requestTimeoutMs: 500 });
    const fixture = gateway;
    const body = JSON.stringify(query(1));
    // Headers and the first byte of the body, then nothing more: the slot is taken while Yoga waits for the rest.
    const slow = new Promise<number>((resolve) => {
      const outgoing = httpRequest(
        {
          host: fixture.url.hostname,
          port: fixture.url.port,
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on('error', () => resolve(0));
      outgoing.write(body.slice(0, 1));
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const next = await fixture.post(query(2));
    expect(next.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect([408, 0]).toContain(await slow);
  });
});

describe('what holds a place in the admission queue', () => {
  it('not a client that sends its body slowly: the body is read before the request is queued', async () => {
    gateway = await startGateway({ admission: { maxConcurrent: 1, maxWaitMs: 300 }, requestTimeoutMs: 5_000 });
    const { hostname, port } = gateway.url;
    // Headers and one byte of a 200-byte body, then nothing.
    const slow = httpRequest({
      host: hostname,
      port,
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '200' },
    });
    slow.on('error', () => undefined);
    slow.write('{');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answer = await gateway.post(query(1));
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    slow.destroy();
  });

  it('an answer in parts holds its place until its last part, not its first', async () => {
    gateway = await startGateway({ admission: { maxConcurrent: 1, maxWaitMs: 10_000 } });
    const fixture = gateway;
    const [first, second] = [...fixture.simulator.data.ctrlhub.contacts.keys()];
    let release: () => void = () => undefined;
    fixture.simulator.fault({
      upstream: 'ctrlhub',
      matching: 'contact_in(',
      effect: { kind: 'hold', until: new Promise<void>((resolve) => (release = resolve)) },
    });
    const deferred = (id: string) =>
      fetch(fixture.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
        body: JSON.stringify({
          query: `{ contact(id: "${id}") { ctrlHubId ... @defer { interactions(first: 2) { edges { node { id } } } } } }`,
        }),
      }).then((response) => response.text());
    const answers = [deferred(first as string)];
    await until(() => fixture.requests('ctrlhub').some((request) => request.query.filter?.startsWith('contact_in(') === true));
    answers.push(deferred(second as string));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The first answer's deferred part is still running: the second has not started.
    expect(fixture.requests('ctrlhub').filter((request) => JSON.stringify(request).includes(second as string))).toEqual([]);
    release();
    await Promise.all(answers);
    expect(fixture.requests('ctrlhub').some((request) => JSON.stringify(request).includes(second as string))).toBe(true);
  });

  it('not more bodies waiting than sixteen of the largest allowed: past that, 503 before reading one', async () => {
    gateway = await startGateway({ admission: { maxConcurrent: 1, maxWaitMs: 10_000 }, protection: { maxBodyBytes: 1024 } });
    const fixture = gateway;
    const release = holdCtrlHub(fixture);
    const running = fixture.post(query(1));
    await until(() => fixture.requests('ctrlhub').length === 1);
    // Each body near the largest allowed, each waiting behind the one that runs.
    const padded = { query: `${query(2).query}${' '.repeat(900)}` };
    const waiting = Array.from({ length: 24 }, () =>
      fetch(fixture.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(padded) }).then(
        async (response) => ({
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          code: ((await response.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code,
        }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    const answers = await Promise.all(waiting);
    await running;
    const refused = answers.filter((answer) => answer.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((answer) => answer.code === 'SERVICE_UNAVAILABLE' && answer.retryAfter === '1')).toBe(true);
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(15);
  });

  it('not a client that does not read its answer: the place is free once the answer is produced', async () => {
    // A real server: its answer to /big is more than the socket buffers take, and its client never reads it.
    const admission = createAdmission({ maxConcurrent: 1, maxWaitMs: 300 });
    const server = createServer((request, response) => {
      admission.admit(response, async () => {
        response.end(request.url === '/big' ? Buffer.alloc(48 * 1024 * 1024) : 'small');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const unread = connect(port, '127.0.0.1');
    unread.on('error', () => undefined);
    unread.write('GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n');
    unread.pause();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const status = await new Promise<number>((resolve, reject) => {
      const sent = httpRequest({ host: '127.0.0.1', port, path: '/small' }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      sent.on('error', reject);
      sent.end();
    });
    expect(status).toBe(200);
    unread.destroy();
    admission.stop();
    server.closeAllConnections();
    server.close();
  });
});
