/**
 * The naive baseline as a process: the gateway built from the environment like `npm start`, with
 * per-request loaders that batch and cache nothing (`lib/naive-loaders.ts`). Only the benchmark runs it.
 */
import { loadConfig } from '../src/config/index.js';
import { createGateway } from '../src/gateway.js';
import { limitHeapGrowth } from '../src/process/heap-growth.js';
import { naiveLoaders } from './lib/naive-loaders.js';

const config = loadConfig();
// As main.ts does, so that the two differ in their loaders only.
limitHeapGrowth(config.heapGrowthPercent);
const gateway = await createGateway(config, { loaders: naiveLoaders });
const url = await gateway.listen();
gateway.logger.warn({ url: url.href }, 'naive baseline listening');
const stop = () => void gateway.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
