import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { type RunningEntryPoint, simulatorVariables, startEntryPoint } from '../support/entry-point.js';
import { postOnNewConnection } from '../support/http.js';

/**
 * docs/operations.md: on SIGTERM the gateway lets in-flight requests finish within
 * CTRLGRAPH_SHUTDOWN_TIMEOUT_MS, closes its connections and exits 0; a second signal ends it at once.
 * Whatever else it still waits on (a trace collector, a readiness probe's upstream call) must not hold
 * the stop past that or change its exit code.
 */
let running: RunningEntryPoint | undefined;
let simulator: Simulator | undefined;
let silent: Server | undefined;
afterEach(async () => {
  running?.child.kill('SIGKILL');
  await simulator?.close();
  silent?.closeAllConnections();
  silent?.close();
  running = undefined;
  simulator = undefined;
  silent = undefined;
});

const SHUTDOWN_TIMEOUT_MS = 1_000;
const QUERY = { query: '{ interactions(first: 1) { totalCount } }' };

/** An HTTP server that takes requests and never answers them. */
async function silentServer(): Promise<string> {
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
}

/** Sends `signal` and resolves with the exit code and how long the stop took. */
async function stop(gateway: RunningEntryPoint, signal: NodeJS.Signals = 'SIGTERM') {
  const startedAt = Date.now();
  gateway.child.kill(signal);
  const code = await gateway.exited;
  return { code, ms: Date.now() - startedAt };
}

describe('a stop', { timeout: 30_000 }, () => {
  it.each([
    ['refuses connections', async () => 'http://127.0.0.1:1'],
    ['takes the export and never answers', silentServer],
  ])('with a trace collector that %s: within the shutdown timeout and 2 s of flushing, exit 0', async (_name, collector) => {
    running = startEntryPoint({
      OTEL_EXPORTER_OTLP_ENDPOINT: await collector(),
      CTRLGRAPH_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      GRAPHIQL: 'false',
    });
    const url = await running.listening;
    expect((await postOnNewConnection(url, QUERY)).status).toBe(200);
    const { code, ms } = await stop(running);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 2_000 + 1_500);
    expect(running.stdout.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    expect(running.stderr.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('with a readiness check waiting on an upstream whose caller left: within the shutdown timeout, exit 0', async () => {
    const hanging = await silentServer();
    simulator = await startSimulator({ port: 0 });
    running = startEntryPoint({
      ...simulatorVariables(simulator),
      // Ctrl-Hub never answers, so the readiness check's upstream call outlives the client that asked.
      CTRLHUB_BASE_URL: `${hanging}/v3`,
      CTRLGRAPH_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
    const url = await running.listening;
    await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(500) }).catch(() => undefined);
    const { code, ms } = await stop(running);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 2_000);
  });

  it.each([
    ['SIGINT', 'SIGTERM'],
    ['SIGTERM', 'SIGINT'],
  ] as const)('%s then %s while a request is in flight: the second ends the process at once', async (first, second) => {
    simulator = await startSimulator({ port: 0 });
    simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'hang' } });
    running = startEntryPoint({
      ...simulatorVariables(simulator),
      CTRLGRAPH_SHUTDOWN_TIMEOUT_MS: '20000',
    });
    const url = await running.listening;
    const inFlight = postOnNewConnection(url, QUERY).catch(() => undefined);
    while (simulator.requests.entries.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    running.child.kill(first);
    await running.logged((line) => line.msg === 'shutting down: finishing in-flight requests');
    const { code, ms } = await stop(running, second);
    expect(code).not.toBe(0);
    expect(ms).toBeLessThan(2_000);
    await inFlight;
  });
});
