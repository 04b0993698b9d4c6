/**
 * The naive baseline as a process: the gateway built from the environment like `npm start`, with
 * per-request loaders that batch and cache nothing (`lib/naive-loaders.ts`). Only the benchmark runs it.
 */
import { loadConfig } from '../src/config/index.js';
import { createGateway } from '../src/gateway.js';
import { naiveLoaders } from './lib/naive-loaders.js';

const gateway = await createGateway(loadConfig(), { loaders: naiveLoaders });
const url = await gateway.listen();
gateway.logger.warn({ url: url.href }, 'naive baseline listening');
const stop = () => void gateway.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
