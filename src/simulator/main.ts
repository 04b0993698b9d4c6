/** `npm run simulator`: both fake upstreams on one port, for manual exploration and benchmarks. */
import { DATASET_NAMES, isDatasetName } from './datasets.js';
import { startSimulator } from './server.js';

function numberVariable(name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > max) {
    console.error(`${name} must be a number from 0 to ${max} (got ${JSON.stringify(raw)})`);
    process.exit(1);
  }
  return value;
}

const port = numberVariable('SIMULATOR_PORT', 4010, 65535);
const latencyMs = numberVariable('SIMULATOR_LATENCY_MS', 0);
const seed = numberVariable('SIMULATOR_SEED', 1);
/** Share of requests (0..1) answered with a 500, on both APIs. */
const faultRate = numberVariable('SIMULATOR_FAULT_RATE', 0, 1);
const dataset = process.env.SIMULATOR_DATASET || 'demo';
if (!isDatasetName(dataset)) {
  console.error(`SIMULATOR_DATASET must be one of ${DATASET_NAMES.join(', ')} (got ${JSON.stringify(dataset)})`);
  process.exit(1);
}

const simulator = await startSimulator({
  port,
  latencyMs,
  seed,
  dataset,
  host: process.env.SIMULATOR_HOST ?? '127.0.0.1',
  maxLoggedRequests: 1000,
});
if (faultRate > 0) simulator.fault({ rate: faultRate, effect: { kind: 'status', status: 500 } });
console.log(
  [
    'ctrlgraph upstream simulator (seeded demo data, not a real API)',
    `CTRLHUB_BASE_URL=${simulator.ctrlhubBaseUrl}`,
    `CTRLHUB_ORG_ID=${simulator.orgId}`,
    `CTRLHUB_SESSION_TOKEN=${simulator.ctrlhubSessionToken}`,
    `ALPHARUN_BASE_URL=${simulator.alpharunBaseUrl}`,
    `ALPHARUN_API_TOKEN=${simulator.alpharunApiToken}`,
    `request counts: GET (or DELETE to reset) ${simulator.ctrlhubBaseUrl.replace(/\/v3$/, '')}/__simulator/requests`,
  ].join('\n'),
);
const stop = () => void simulator.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
