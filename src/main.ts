/**
 * `node dist/main.js`: serves the graph from this process, or with `CTRLGRAPH_WORKERS` above 1 becomes
 * the supervisor of that many worker processes sharing one port (each of them runs this file too).
 */
import cluster from 'node:cluster';
import { catchStopSignals } from './process/stop-signals.js';

// Before anything heavy loads: a stop asked for while the gateway starts is kept until it can stop cleanly.
catchStopSignals();
const { loadConfigOrExit } = await import('./process/configuration.js');
const { limitHeapGrowth } = await import('./process/heap-growth.js');

const config = loadConfigOrExit();
// Every process of the gateway, supervisor and workers alike, before it holds anything.
limitHeapGrowth(config.heapGrowthPercent);
if (cluster.isPrimary && config.workers > 1) {
  const { superviseWorkers } = await import('./process/supervisor.js');
  await superviseWorkers(config);
} else {
  const { serve } = await import('./process/serve.js');
  if (cluster.isWorker) {
    const { joinSupervisor } = await import('./process/worker.js');
    await serve(config, await joinSupervisor());
  } else {
    await serve(config);
  }
}
