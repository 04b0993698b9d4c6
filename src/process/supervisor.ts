import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { type Config, demoModeNotice, type UpstreamEndpoints } from '../config/index.js';
import { createLogger } from '../server/logger.js';
import { loadManifest } from '../server/persisted-operations.js';
import type { Simulator } from '../simulator/server.js';
import { exitOnInvalidConfiguration } from './configuration.js';
import { isOurs, type SupervisorMessage, type WorkerMessage, type WorkerMetrics } from './messages.js';
import { onStopSignal } from './stop-signals.js';

/** Restart delays after a worker dies: doubling from the first, capped, reset once a worker stays up. */
const RESTART_DELAY_MS = { first: 100, max: 10_000, stableAfter: 30_000 };
/** Workers that die before ever listening this many times in a row mean they cannot start at all. */
const MAX_FAILED_STARTS = 5;
/** How long a scrape waits for each worker's own metrics. */
const OWN_METRICS_TIMEOUT_MS = 2_000;

/**
 * The primary of `CTRLGRAPH_WORKERS` worker processes on one port (node:cluster hands connections
 * round-robin). It runs the demo simulator once for all of them, restarts a worker that dies (with
 * backoff, one log line each), merges their metrics for `/metrics`, and on SIGTERM/SIGINT has every
 * worker finish its in-flight requests before it exits 0.
 */
export async function superviseWorkers(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel, { secrets: config.apiKeys }).child({ role: 'supervisor' });
  // A broken manifest would fail every worker at start; say so once, here.
  if (config.persisted.manifestPath) {
    try {
      loadManifest(config.persisted.manifestPath);
    } catch (error) {
      exitOnInvalidConfiguration(error);
    }
  }

  let simulator: Simulator | undefined;
  let endpoints: UpstreamEndpoints | undefined;
  if (!config.upstreams && config.simulator) {
    const { startSimulator } = await import('../simulator/server.js');
    simulator = await startSimulator({ port: 0 });
    endpoints = simulator.endpoints;
    logger.warn(
      { ctrlhubBaseUrl: simulator.ctrlhubBaseUrl, alpharunBaseUrl: simulator.alpharunBaseUrl },
      demoModeNotice(config, ' to every worker'),
    );
  }

  // Workers that have said hello: each catches its stop signals before it does (src/process/stop-signals.ts),
  // so from then on a SIGTERM stops it cleanly, where before it the signal's default action kills it. They
  // also answer for their metrics from then on.
  const greeted = new WeakSet<Worker>();
  const ownMetrics = new Map<number, (metrics: WorkerMetrics) => void>();
  let nextId = 0;
  /**
   * Every worker's metrics merged (prom-client's aggregation), asked only of workers that have said
   * hello: one still loading cannot answer, and asked all the same (prom-client's `clusterMetrics`), it
   * held every scrape for 5 s and failed it. A worker that has greeted but does not answer fails the
   * scrape, rather than have its counters drop out of one.
   */
  async function mergedMetrics(): Promise<string> {
    const asked = Object.values(cluster.workers ?? {}).filter(
      (worker): worker is Worker => !!worker && greeted.has(worker) && worker.isConnected(),
    );
    const answers = await Promise.all(
      asked.map(
        (worker) =>
          new Promise<WorkerMetrics>((resolve, reject) => {
            const id = nextId++;
            const timer = setTimeout(() => {
              ownMetrics.delete(id);
              reject(new Error(`worker ${worker.process.pid} did not hand over its metrics within ${OWN_METRICS_TIMEOUT_MS} ms`));
            }, OWN_METRICS_TIMEOUT_MS);
            ownMetrics.set(id, (metrics) => {
              clearTimeout(timer);
              ownMetrics.delete(id);
              resolve(metrics);
            });
            worker.send({ type: 'ctrlgraph:own-metrics', id } satisfies SupervisorMessage);
          }),
      ),
    );
    return AggregatorRegistry.aggregate(answers).metrics();
  }
  let stopping = false;
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isOurs<WorkerMessage>(message)) return;
    const reply = (answer: SupervisorMessage) => {
      if (worker.isConnected()) worker.send(answer);
    };
    if (message.type === 'ctrlgraph:hello') {
      greeted.add(worker);
      reply({ type: 'ctrlgraph:start', endpoints });
      // Asked to stop while this worker was starting: it starts, then stops at once, cleanly.
      if (stopping) worker.process.kill('SIGTERM');
    } else if (message.type === 'ctrlgraph:own-metrics') {
      ownMetrics.get(message.id)?.(message.metrics);
    } else if (message.type === 'ctrlgraph:metrics') {
      const { id } = message;
      if (!config.telemetry.metrics) reply({ type: 'ctrlgraph:metrics', id, error: 'metrics are off' });
      else
        mergedMetrics().then(
          (text) => reply({ type: 'ctrlgraph:metrics', id, text }),
          (error: Error) => reply({ type: 'ctrlgraph:metrics', id, error: error.message }),
        );
    }
  });

  let failedStarts = 0;
  const restarts = new Set<NodeJS.Timeout>();

  const start = (slot: number, failures: number) => {
    const worker = cluster.fork();
    const startedAt = Date.now();
    let listened = false;
    worker.once('listening', () => {
      listened = true;
      failedStarts = 0;
    });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      failedStarts = listened ? 0 : failedStarts + 1;
      if (failedStarts >= MAX_FAILED_STARTS) {
        logger.error({ slot, code, signal }, `workers exited ${MAX_FAILED_STARTS} times before listening: stopping`);
        void stop('workers cannot start', 1);
        return;
      }
      const stable = Date.now() - startedAt > RESTART_DELAY_MS.stableAfter;
      const attempt = stable ? 0 : failures;
      const delayMs = Math.min(RESTART_DELAY_MS.first * 2 ** attempt, RESTART_DELAY_MS.max);
      logger.warn({ slot, workerPid: worker.process.pid, code, signal, restartInMs: delayMs }, 'worker exited; restarting it');
      const timer = setTimeout(() => {
        restarts.delete(timer);
        if (!stopping) start(slot, attempt + 1);
      }, delayMs);
      restarts.add(timer);
    });
  };

  async function stop(reason: string, exitCode: number) {
    if (stopping) return;
    stopping = true;
    for (const timer of restarts) clearTimeout(timer);
    logger.info({ reason }, 'shutting down: workers finish their in-flight requests');
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    const exits = workers.map(
      (worker) =>
        new Promise<number>((resolve) => {
          if (worker.isDead()) resolve(worker.process.exitCode ?? 1);
          else worker.once('exit', (code) => resolve(code));
        }),
    );
    for (const worker of workers) if (!worker.isDead() && greeted.has(worker)) worker.process.kill('SIGTERM');
    // A worker still running well after its own shutdown deadline is stuck: end it.
    const forced = setTimeout(() => {
      for (const worker of workers) if (!worker.isDead()) worker.process.kill('SIGKILL');
    }, config.shutdownTimeoutMs + 5_000);
    const codes = await Promise.all(exits);
    clearTimeout(forced);
    await simulator?.close();
    const clean = codes.every((code) => code === 0);
    logger.info({ workers: codes.length, clean }, 'stopped');
    process.exit(clean ? exitCode : 1);
  }

  onStopSignal((signal) => void stop(signal, 0));
  logger.info({ workers: config.workers }, `ctrlgraph supervisor starting ${config.workers} workers`);
  if (config.rateLimit && !config.redisUrl)
    logger.warn('rate limits are counted per worker without CTRLGRAPH_REDIS_URL: a caller may make up to workers × CTRLGRAPH_RATE_LIMIT');
  for (let slot = 0; slot < config.workers; slot += 1) start(slot, 0);
}
