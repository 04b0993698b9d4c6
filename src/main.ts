/**
 * `node dist/main.js`: serves the graph from this process, or with `CTRLGRAPH_WORKERS` above 1 becomes
 * the supervisor of that many worker processes sharing one port (each of them runs this file too).
 */
import cluster from 'node:cluster';
import { loadConfigOrExit } from './process/configuration.js';
import { limitHeapGrowth } from './process/heap-growth.js';
import { serve } from './process/serve.js';

const config = loadConfigOrExit();
// Every process of the gateway, supervisor and workers alike, before it holds anything.
limitHeapGrowth(config.heapGrowthPercent);
if (cluster.isPrimary && config.workers > 1) {
  const { superviseWorkers } = await import('./process/supervisor.js');
  await superviseWorkers(config);
} else if (cluster.isWorker) {
  const { joinSupervisor } = await import('./process/worker.js');
  await serve(config, await joinSupervisor());
} else {
  await serve(config);
}
