/**
 * `npm run bench:soak`: a bounded soak of the gateway under load with upstream faults.
 * Simulator and gateway run as separate processes; autocannon drives a mix of operations.
 * Knobs: SOAK_SECONDS (60), SOAK_CONNECTIONS (100), SOAK_LATENCY_MS (200), SOAK_FAULT_RATE (0.05).
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { buildGateway, startGatewayProcess, startSimulatorProcess } from './lib/processes.js';

const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const connections = Number(process.env.SOAK_CONNECTIONS ?? 100);
const latencyMs = Number(process.env.SOAK_LATENCY_MS ?? 200);
const faultRate = Number(process.env.SOAK_FAULT_RATE ?? 0.05);
/** The gateway's per-upstream connection cap; with slow upstreams it bounds throughput. */
const upstreamConnections = process.env.UPSTREAM_CONNECTIONS ?? '32';

buildGateway();
const simulator = await startSimulatorProcess({ latencyMs, faultRate });
const gateway = await startGatewayProcess(simulator.env, { UPSTREAM_CONNECTIONS: upstreamConnections });

// Ids for the operations come from the graph itself (a real client's first step).
const seed = (await (
  await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ interactions(first: 50) { edges { node { contact { id } } } } }' }),
  })
).json()) as { data?: { interactions?: { edges: { node: { contact: { id: string } | null } }[] } } };
const contactIds = [
  ...new Set((seed.data?.interactions?.edges ?? []).map((edge) => edge.node.contact?.id).filter((id): id is string => Boolean(id))),
].slice(0, 10);

const operations = [
  '{ interactions(first: 20) { edges { node { dateTime method contact { firstName lastName } account { id } property { uprn } representative { email } } } } }',
  ...contactIds.map(
    (id) =>
      `{ contact(id: "${id}") { firstName interactions(first: 5) { edges { node { dateTime } } } customerInteractions(first: 5) { edges { node { summary } } } } }`,
  ),
  '{ interactions(first: 10) { edges { node { contact { interactions(first: 3) { edges { node { status } } } } } } } }',
];

let withErrors = 0;
let crashedDuring = false;
const onUnexpectedExit = () => {
  crashedDuring = true;
};
gateway.child.once('exit', onUnexpectedExit);
const rssStart = gateway.rssMb();
let rssPeak = rssStart;
const sampler = setInterval(() => {
  if (!crashedDuring) rssPeak = Math.max(rssPeak, gateway.rssMb());
}, 1000);

const result = await autocannon({
  url: gateway.url.href,
  connections,
  duration: seconds,
  timeout: 30,
  requests: operations.map((query) => ({
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    onResponse: (_status: number, body: string) => {
      if (body.includes('"errors"')) withErrors += 1;
    },
  })),
});
clearInterval(sampler);
const rssEnd = crashedDuring ? 0 : gateway.rssMb();
const upstream = await simulator.requestCounts();
gateway.child.off('exit', onUnexpectedExit);
const exitCode = crashedDuring ? 'crashed' : await gateway.stop();
await simulator.stop();

const served = result.requests.total;
const lines = [
  `# Soak: ${connections} clients, ${seconds} s, ${latencyMs} ms upstream latency, ${faultRate * 100} % upstream 500s`,
  '',
  `Machine: ${cpus().length} cores, Node ${process.version}. Gateway and simulator in separate processes; UPSTREAM_CONNECTIONS=${upstreamConnections}.`,
  '',
  '| measure | value |',
  '|---|---|',
  `| requests served | ${served} (${result.requests.average.toFixed(0)}/s) |`,
  `| HTTP non-2xx | ${result.non2xx} |`,
  `| connection errors / timeouts | ${result.errors} / ${result.timeouts} |`,
  `| responses with GraphQL errors (partial data) | ${withErrors} (${((withErrors / Math.max(1, served)) * 100).toFixed(1)} %) |`,
  `| latency p50 / p99 / max | ${result.latency.p50} / ${result.latency.p99} / ${result.latency.max} ms |`,
  `| upstream requests (Ctrl-Hub / Alpharun) | ${upstream.ctrlhub} / ${upstream.alpharun} |`,
  `| gateway RSS start / peak / end | ${rssStart.toFixed(0)} / ${rssPeak.toFixed(0)} / ${rssEnd.toFixed(0)} MB |`,
  `| gateway crashes | ${crashedDuring ? 'CRASHED' : 0} (exit code on SIGTERM: ${exitCode}) |`,
];
const report = `${lines.join('\n')}\n`;
writeFileSync(new URL('./results/soak.md', import.meta.url), report);
console.log(report);
process.exit(crashedDuring || exitCode !== 0 ? 1 : 0);
