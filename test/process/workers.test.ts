import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { alive, type LogLine, type RunningEntryPoint, simulatorVariables, startEntryPoint } from '../support/entry-point.js';
import { parseMetrics, postOnNewConnection } from '../support/http.js';

let running: RunningEntryPoint | undefined;
let simulator: Simulator | undefined;
afterEach(async () => {
  running?.child.kill('SIGKILL');
  for (const pid of workerPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  workerPids.clear();
  await simulator?.close();
  running = undefined;
  simulator = undefined;
});

const workerPids = new Set<number>();
const QUERY = { query: '{ interactions(first: 2) { totalCount edges { node { ctrlHubId } } } }' };
const listeningLine = (line: LogLine) => line.msg?.startsWith('ctrlgraph listening on') === true;
const requestLine = (line: LogLine) => line.msg === 'request' && line.path === '/graphql';

/** Two workers starting in front of a simulator of the test's own, so the test sees every upstream request. */
async function launchWorkers(env: Record<string, string> = {}): Promise<{ running: RunningEntryPoint; simulator: Simulator }> {
  simulator = await startSimulator({ port: 0 });
  running = startEntryPoint({
    CTRLGRAPH_WORKERS: '2',
    ...simulatorVariables(simulator),
    ...env,
  });
  return { running, simulator };
}

/** `launchWorkers`, once both workers listen. */
async function startWorkers(env: Record<string, string> = {}) {
  const { running, simulator } = await launchWorkers(env);
  const workers = await running.logged(listeningLine, 2);
  for (const worker of workers) workerPids.add(worker.pid as number);
  return { url: new URL(workers[0]?.url as string), running, simulator, pids: workers.map((worker) => worker.pid as number) };
}

// Real processes on a shared machine: starting two workers and replacing one take seconds.
describe('CTRLGRAPH_WORKERS=2', { timeout: 60_000 }, () => {
  it('serves concurrent requests from both workers on one port, and /metrics counts every worker', async () => {
    const { url, running, simulator, pids } = await startWorkers();
    expect(new Set(pids).size).toBe(2);
    // A worker's first request builds what later ones reuse; while one is busy with that, the primary
    // hands new connections to the other. Warm both, one connection at a time (round-robin), first.
    simulator.requests.clear();
    const WARM_UP = 6;
    for (let request = 0; request < WARM_UP; request += 1) expect((await postOnNewConnection(url, QUERY)).status).toBe(200);
    await running.logged(requestLine, WARM_UP);

    const answers = await Promise.all(Array.from({ length: 40 }, () => postOnNewConnection(url, QUERY)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(200));
    expect(answers.every((answer) => JSON.parse(answer.body).data.interactions.totalCount === 5000)).toBe(true);

    const served = (await running.logged(requestLine, WARM_UP + 40)).slice(WARM_UP);
    const perWorker = Object.fromEntries(pids.map((pid) => [pid, served.filter((line) => line.pid === pid).length]));
    console.info('requests per worker', perWorker);
    // Both take a real share of the load; the exact split depends on which is free when a connection arrives.
    for (const pid of pids) expect(perWorker[pid]).toBeGreaterThanOrEqual(8);

    const metrics = parseMetrics(await (await fetch(new URL('/metrics', url))).text());
    expect(metrics('graphql_envelop_request', { operationType: 'query' })).toBe(WARM_UP + 40);
    // Counters count from the start, warm-up included, as the simulator's log does.
    expect(metrics('ctrlgraph_upstream_requests_total', { upstream: 'ctrlhub' })).toBe(simulator.requests.of('ctrlhub').length);
  });

  it('restarts a worker that dies, while the other answers every request', async () => {
    const { url, running, pids } = await startWorkers();
    const [victim, survivor] = pids as [number, number];
    const outcomes: { startedAt: number; ok: boolean }[] = [];
    let killedAt = Number.POSITIVE_INFINITY;
    let loading = true;
    const client = async () => {
      while (loading) {
        const startedAt = Date.now();
        const ok = await postOnNewConnection(url, QUERY, {}, 3000).then(
          (answer) => answer.status === 200,
          () => false,
        );
        outcomes.push({ startedAt, ok });
      }
    };
    const clients = Array.from({ length: 6 }, client);
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(victim, 'SIGKILL');
    killedAt = Date.now();

    const [restarted] = await running.logged((line) => line.msg === 'worker exited; restarting it');
    expect(restarted).toMatchObject({ workerPid: victim, signal: 'SIGKILL', restartInMs: 100 });
    const replacement = (await running.logged(listeningLine, 3))[2] as LogLine;
    workerPids.add(replacement.pid as number);
    expect([victim, survivor]).not.toContain(replacement.pid);
    loading = false;
    await Promise.all(clients);

    // Only requests the dead worker held when it died may fail; everything sent after went to live workers.
    const after = outcomes.filter((outcome) => outcome.startedAt > killedAt + 250);
    console.info(
      'requests',
      outcomes.length,
      'failed',
      outcomes.filter((outcome) => !outcome.ok).length,
      'sent after the kill',
      after.length,
    );
    expect(after.length).toBeGreaterThan(5);
    expect(after.filter((outcome) => !outcome.ok)).toEqual([]);
    expect(outcomes.filter((outcome) => !outcome.ok).length).toBeLessThanOrEqual(6);
    expect(running.stdout.filter((line) => line.includes('worker exited'))).toHaveLength(1);
  });

  it('answers /metrics while a worker is being replaced', async () => {
    // A replacement worker answered the merge only once the whole gateway had loaded: every scrape
    // in between waited 5 s and failed with a stack trace.
    const { url, running, pids } = await startWorkers({ CTRLGRAPH_METRICS: 'true' });
    process.kill(pids[0] as number, 'SIGKILL');
    await running.logged((line) => line.msg === 'worker exited; restarting it');
    const scrapes: { status: number; ms: number }[] = [];
    for (let scrape = 0; scrape < 6; scrape += 1) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const startedAt = Date.now();
      const response = await fetch(new URL('/metrics', url));
      await response.text();
      scrapes.push({ status: response.status, ms: Date.now() - startedAt });
    }
    expect(scrapes.map((scrape) => scrape.status)).toEqual(Array(6).fill(200));
    expect(Math.max(...scrapes.map((scrape) => scrape.ms))).toBeLessThan(2_000);
    workerPids.add(((await running.logged(listeningLine, 3))[2] as LogLine).pid as number);
  });

  it('answers every in-flight request on SIGTERM, then exits 0 and leaves no worker behind', async () => {
    const { url, running, simulator, pids } = await startWorkers();
    simulator.requests.clear();
    simulator.fault({ upstream: 'ctrlhub', times: 8, effect: { kind: 'latency', delayMs: 800 } });
    const inFlight = Array.from({ length: 8 }, () => postOnNewConnection(url, QUERY));
    while (simulator.requests.entries.length < 8) await new Promise((resolve) => setTimeout(resolve, 20));
    running.child.kill('SIGTERM');

    const answers = await Promise.all(inFlight);
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    expect(answers.every((answer) => JSON.parse(answer.body).data.interactions.totalCount === 5000)).toBe(true);
    expect(await running.exited).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
  });

  it('stops cleanly (exit 0) when SIGTERM comes while the workers are still starting', async () => {
    // Before, a worker not yet listening died of the signal itself, and the supervisor exited 1.
    const { running } = await launchWorkers();
    await running.logged((line) => line.msg?.startsWith('ctrlgraph supervisor starting') === true);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    const [stopped] = await running.logged((line) => line.msg === 'stopped' && line.role === 'supervisor');
    expect(stopped).toMatchObject({ clean: true });
  });

  it('runs one demo simulator for every worker, so all of them serve the same data', async () => {
    running = startEntryPoint({ CTRLGRAPH_WORKERS: '2' });
    const workers = await running.logged(listeningLine, 2);
    for (const worker of workers) workerPids.add(worker.pid as number);
    expect(running.stdout.filter((line) => line.includes('DEMO MODE'))).toHaveLength(1);
    expect(new Set(workers.map((worker) => worker.ctrlhub)).size).toBe(1);
    expect(workers.every((worker) => worker.simulator === false)).toBe(true);

    const url = new URL(workers[0]?.url as string);
    const bodies = await Promise.all(Array.from({ length: 6 }, () => postOnNewConnection(url, QUERY).then((answer) => answer.body)));
    expect(new Set(bodies).size).toBe(1);
    const served = await running.logged(requestLine, 6);
    expect(new Set(served.map((line) => line.pid)).size).toBe(2);
  });
});
