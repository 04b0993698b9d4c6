/** `npm run simulator`: both fake upstreams on one port, for manual exploration and benchmarks. */
import { startSimulator } from './server.js';

const port = Number(process.env.SIMULATOR_PORT ?? 4010);
const latencyMs = Number(process.env.SIMULATOR_LATENCY_MS ?? 0);
const seed = Number(process.env.SIMULATOR_SEED ?? 1);
for (const [name, value] of Object.entries({ SIMULATOR_PORT: port, SIMULATOR_LATENCY_MS: latencyMs, SIMULATOR_SEED: seed })) {
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a non-negative integer`);
    process.exit(1);
  }
}

const simulator = await startSimulator({ port, latencyMs, seed, host: process.env.SIMULATOR_HOST ?? '127.0.0.1' });
console.log(
  [
    'ctrlgraph upstream simulator (seeded demo data, not a real API)',
    `CTRLHUB_BASE_URL=${simulator.ctrlhubBaseUrl}`,
    `CTRLHUB_ORG_ID=${simulator.orgId}`,
    `CTRLHUB_SESSION_TOKEN=${simulator.ctrlhubSessionToken}`,
    `ALPHARUN_BASE_URL=${simulator.alpharunBaseUrl}`,
    `ALPHARUN_API_TOKEN=${simulator.alpharunApiToken}`,
  ].join('\n'),
);
const stop = () => void simulator.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
