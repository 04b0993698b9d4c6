/**
 * `npm run bench`: ctrlgraph against its naive baseline (bench/lib/naive-loaders.ts) and, for
 * orgPage, against the proxy limit, all on one simulator with a fixed upstream latency, in one run.
 * Variants: ctrlgraph (defaults), with CTRLGRAPH_JIT=true, with the response cache warm (hit path),
 * naive (loaders that batch and cache nothing) and, on orgPage, without metrics, traced (OTLP to a discarding
 * collector), heap-capped (--max-old-space-size, see HEAP_CAP_MB), and on orgPage and timeline unpaced
 * (CTRLGRAPH_UPSTREAM_ANSWERS_PER_TURN=0) and with admission control (16 at once).
 * Knobs: BENCH_LATENCY_MS (20), BENCH_SECONDS per measurement (10), BENCH_CONCURRENCY ("1,10,100"),
 * BENCH_OPERATIONS (all), BENCH_NODE_ENV (production), BENCH_PEER=0 to skip the peer (Hive Gateway; its
 * packages are installed into bench/peer on first use).
 * Writes bench/results/latest.md and prints it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import {
  buildGateway,
  startGatewayProcess,
  startPeerProcess,
  startProxyLimitProcess,
  startSimulatorProcess,
  type GatewayProcess,
  type SimulatorProcess,
} from './lib/processes.js';

const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 20);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrencies = (process.env.BENCH_CONCURRENCY ?? '1,10,100').split(',').map(Number);
const ALL_OPERATIONS = ['timeline', 'orgPage', 'fanout', 'deepPage'] as const;
type Operation = (typeof ALL_OPERATIONS)[number];
/** BENCH_OPERATIONS="orgPage,fanout" measures a subset. */
const OPERATIONS = ALL_OPERATIONS.filter((operation) =>
  (process.env.BENCH_OPERATIONS ?? ALL_OPERATIONS.join(',')).split(',').includes(operation),
);
/** How the gateway runs in production; NODE_ENV=production also turns off graphql-js's development checks. */
/** The old-space cap of the heap-capped variant, in MB. */
const HEAP_CAP_MB = 192;
const gatewayEnv = { NODE_ENV: process.env.BENCH_NODE_ENV ?? 'production', CTRLGRAPH_MAX_COST: '10000000' };
const documentOf = (operation: Operation) => readFileSync(new URL(`./operations/${operation}.graphql`, import.meta.url), 'utf8');

interface Load {
  concurrency: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  failed: number;
}
interface Row {
  variant: string;
  operation: Operation;
  upstreamRequests: number;
  loads: Load[];
  rssPeakMb: number;
}

async function post(url: URL, body: unknown): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

/** Ids for timeline and deepPage, found through the graph: a contact with 20+ interactions known to Alpharun, and an account. */
async function discoverVariables(url: URL) {
  const found = await post(url, {
    query:
      '{ interactions(first: 300) { edges { node { account { id } contact { id alpharunId interactions(first: 1) { totalCount } } } } } }',
  });
  const edges = (
    found.data?.interactions as {
      edges: {
        node: { account: { id: string }; contact: { id: string; alpharunId: string | null; interactions: { totalCount: number } } };
      }[];
    }
  ).edges;
  const contact = edges
    .map((edge) => edge.node.contact)
    .find((candidate) => candidate.alpharunId && candidate.interactions.totalCount >= 20);
  if (!contact) throw new Error('no contact with 20 interactions known to Alpharun');
  return { contactId: contact.id, accountId: edges[0]?.node.account.id as string };
}

/** Upstream requests one operation costs; deepPage walks to the end of the list. */
async function upstreamCost(
  url: URL,
  simulator: SimulatorProcess,
  operation: Operation,
  variables: Record<string, string>,
  document = documentOf(operation),
): Promise<number> {
  // Requests of the previous load may still be finishing when autocannon returns: wait until the upstream is quiet.
  for (let before = -1, now = 0; before !== now; ) {
    before = now;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const counts = await simulator.requestCounts();
    now = counts.ctrlhub + counts.alpharun;
  }
  await simulator.resetCounts();
  if (operation === 'deepPage') {
    let after: string | null = null;
    for (let page = 0; page < 1000; page += 1) {
      const result = await post(url, { query: document, variables: { ...variables, after } });
      const info = (result.data?.account as { interactions: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } }).interactions
        .pageInfo;
      if (!info.hasNextPage) break;
      after = info.endCursor;
    }
  } else {
    const result = await post(url, { query: document, variables });
    if (result.errors) throw new Error(`${operation} answered errors: ${JSON.stringify(result.errors).slice(0, 300)}`);
  }
  const counts = await simulator.requestCounts();
  return counts.ctrlhub + counts.alpharun;
}

async function load(url: URL, body: string, concurrency: number): Promise<Load> {
  let failed = 0;
  // Every response time, for exact percentiles: autocannon's summary has p90 and p97.5 but no p95.
  const times: number[] = [];
  const result = await autocannon({
    url: url.href,
    connections: concurrency,
    duration: seconds,
    timeout: 60,
    setupClient: (client) => client.on('response', (_status: number, _bytes: number, responseTime: number) => times.push(responseTime)),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        onResponse: (status: number, text: string) => {
          if (status !== 200 || text.includes('"errors"')) failed += 1;
        },
      },
    ],
  });
  times.sort((a, b) => a - b);
  const percentile = (p: number) => Math.round(times[Math.max(0, Math.ceil((p / 100) * times.length) - 1)] ?? 0);
  return {
    concurrency,
    p50: percentile(50),
    p95: percentile(95),
    p99: percentile(99),
    rps: result.requests.average,
    failed: failed + result.errors + result.timeouts,
  };
}

async function measure(
  variant: string,
  target: GatewayProcess,
  simulator: SimulatorProcess,
  operations: readonly Operation[],
  variables: Record<string, string>,
  documentFor: (operation: Operation) => string = documentOf,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const operation of operations) {
    const upstreamRequests = await upstreamCost(target.url, simulator, operation, variables, documentFor(operation));
    let rssPeakMb = target.rssMb();
    const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, target.rssMb())), 250);
    const loads: Load[] = [];
    for (const concurrency of concurrencies)
      loads.push(await load(target.url, JSON.stringify({ query: documentFor(operation), variables }), concurrency));
    clearInterval(sampler);
    rows.push({ variant, operation, upstreamRequests, loads, rssPeakMb });
    console.error(
      `${variant} ${operation}: ${upstreamRequests} upstream requests, ${loads.map((l) => `${l.concurrency}c p50 ${l.p50} ms ${l.rps.toFixed(0)} req/s`).join(', ')}`,
    );
  }
  return rows;
}

buildGateway();
const simulator = await startSimulatorProcess({ latencyMs });
// An OTLP collector that accepts and drops spans: what tracing costs the gateway, not a collector.
const collector = createServer((request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
const collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
const rows: Row[] = [];
let variables: Record<string, string> = {};
let gatewayOrgPage = '';
const variants: [name: string, env: Record<string, string>, operations: readonly Operation[]][] = [
  ['ctrlgraph', {}, OPERATIONS],
  ['ctrlgraph jit', { CTRLGRAPH_JIT: 'true' }, OPERATIONS],
  // The hit path: after the first answer, repeated reads come from the response cache.
  [
    'ctrlgraph cached',
    { CTRLGRAPH_CACHE_TTL_MS: '600000' },
    OPERATIONS.filter((operation) => operation === 'orgPage' || operation === 'timeline'),
  ],
  ['naive', {}, OPERATIONS],
  // What observability costs: metrics are on by default, tracing is off unless an endpoint is set.
  ['ctrlgraph without metrics', { CTRLGRAPH_METRICS: 'false' }, OPERATIONS.filter((operation) => operation === 'orgPage')],
  ['ctrlgraph traced', { OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl }, OPERATIONS.filter((operation) => operation === 'orgPage')],
  // Memory: the old-space cap trades GC work for a bounded heap.
  [
    'ctrlgraph heap-capped',
    { NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}` },
    OPERATIONS.filter((operation) => operation === 'orgPage'),
  ],
  // Answer pacing off: every upstream answer processed in the turn it arrives (see CTRLGRAPH_UPSTREAM_ANSWERS_PER_TURN).
  [
    'ctrlgraph unpaced',
    { CTRLGRAPH_UPSTREAM_ANSWERS_PER_TURN: '0' },
    OPERATIONS.filter((operation) => operation === 'orgPage' || operation === 'timeline'),
  ],
  // Admission control: 16 requests execute at once, the rest wait in order.
  [
    'ctrlgraph admission 16',
    { CTRLGRAPH_MAX_CONCURRENT_REQUESTS: '16' },
    OPERATIONS.filter((operation) => operation === 'orgPage' || operation === 'timeline'),
  ],
];
for (const [variant, env, operations] of variants) {
  if (operations.length === 0) continue;
  const gateway = await startGatewayProcess(simulator.env, { ...gatewayEnv, ...env }, { naive: variant === 'naive' });
  if (variant === 'ctrlgraph') {
    variables = await discoverVariables(gateway.url);
    gatewayOrgPage = JSON.stringify(await post(gateway.url, { query: documentOf('orgPage') }));
  }
  if (variant === 'ctrlgraph cached')
    for (const operation of operations) await post(gateway.url, { query: documentOf(operation), variables });
  rows.push(...(await measure(variant, gateway, simulator, operations, variables)));
  await gateway.stop();
}
const proxy = await startProxyLimitProcess(simulator.env);
const proxyOrgPage = JSON.stringify(await post(proxy.url, {}));
if (proxyOrgPage !== gatewayOrgPage) throw new Error('the proxy limit does not answer the same JSON as the gateway for orgPage');
rows.push(...(await measure('proxy limit', proxy, simulator, ['orgPage'], {})));
await proxy.stop();
if (OPERATIONS.includes('orgPage') && process.env.BENCH_PEER !== '0') {
  const peer = await startPeerProcess(simulator.env);
  const peerOrgPage = readFileSync(new URL('./peer/orgPage.graphql', import.meta.url), 'utf8');
  rows.push(
    ...(await measure(
      'peer: Hive Gateway + OpenAPI',
      peer,
      simulator,
      ['orgPage'],
      { orgId: simulator.env.CTRLHUB_ORG_ID ?? '' },
      () => peerOrgPage,
    )),
  );
  await peer.stop();
}
await simulator.stop();
collector.close();

const find = (variant: string, operation: Operation) => rows.find((row) => row.variant === variant && row.operation === operation);
const at = (row: Row | undefined, concurrency: number) => row?.loads.find((entry) => entry.concurrency === concurrency);
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? `${(a / b).toFixed(2)}×` : 'n/a');
const table = [
  `# ctrlgraph benchmark`,
  '',
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}. Simulator latency ${latencyMs} ms; ${seconds} s per measurement; gateway, simulator, proxy and load generator in separate processes on the same cores; gateway built and run as npm start runs it (node dist/main.js), default settings, NODE_ENV=${gatewayEnv.NODE_ENV}.`,
  'Latencies in ms, from every response time (nearest rank). "failed" counts non-200 answers, GraphQL errors and timeouts.',
  '',
  `| variant | operation | upstream req/op | ${concurrencies.map((c) => `${c} client${c > 1 ? 's' : ''}: p50 / p95 / p99, req/s, failed`).join(' | ')} | RSS peak MB |`,
  `|---|---|---|${concurrencies.map(() => '---').join('|')}|---|`,
  ...rows.map(
    (row) =>
      `| ${row.variant} | ${row.operation} | ${row.upstreamRequests} | ${row.loads.map((l) => `${l.p50} / ${l.p95} / ${l.p99}, ${l.rps.toFixed(0)}, ${l.failed}`).join(' | ')} | ${row.rssPeakMb.toFixed(0)} |`,
  ),
  '',
  '## Ratios',
  '',
  ...OPERATIONS.map((operation) => {
    const fast = find('ctrlgraph', operation);
    const slow = find('naive', operation);
    return `- ${operation}: upstream requests ${fast?.upstreamRequests} vs naive ${slow?.upstreamRequests}; p50 at 1 client ${ratio(at(fast, 1)?.p50, at(slow, 1)?.p50)} of naive; throughput at ${concurrencies.at(-1)} clients ${ratio(at(fast, concurrencies.at(-1) ?? 1)?.rps, at(slow, concurrencies.at(-1) ?? 1)?.rps)} of naive`;
  }),
  `- orgPage from the response cache vs proxy limit: p50 at 1 client ${ratio(at(find('ctrlgraph cached', 'orgPage'), 1)?.p50, at(find('proxy limit', 'orgPage'), 1)?.p50)}; throughput at ${concurrencies.at(-1)} clients ${ratio(at(find('ctrlgraph cached', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps, at(find('proxy limit', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps)}`,
  `- orgPage with CTRLGRAPH_JIT=true vs proxy limit: p50 at 1 client ${ratio(at(find('ctrlgraph jit', 'orgPage'), 1)?.p50, at(find('proxy limit', 'orgPage'), 1)?.p50)}; throughput at ${concurrencies.at(-1)} clients ${ratio(at(find('ctrlgraph jit', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps, at(find('proxy limit', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps)}`,
  `- observability on orgPage: throughput at ${concurrencies.at(-1)} clients with metrics (default) ${ratio(at(find('ctrlgraph', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps, at(find('ctrlgraph without metrics', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps)} of without; traced (OTLP) ${ratio(at(find('ctrlgraph traced', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps, at(find('ctrlgraph', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps)} of untraced; p50 at 1 client traced ${ratio(at(find('ctrlgraph traced', 'orgPage'), 1)?.p50, at(find('ctrlgraph', 'orgPage'), 1)?.p50)} of untraced`,
  `- memory on orgPage at ${concurrencies.at(-1)} clients: RSS peak ${find('ctrlgraph', 'orgPage')?.rssPeakMb.toFixed(0)} MB by default, ${find('ctrlgraph heap-capped', 'orgPage')?.rssPeakMb.toFixed(0)} MB with --max-old-space-size=${HEAP_CAP_MB} (throughput ${ratio(at(find('ctrlgraph heap-capped', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps, at(find('ctrlgraph', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps)} of default), ${find('ctrlgraph admission 16', 'orgPage')?.rssPeakMb.toFixed(0)} MB with CTRLGRAPH_MAX_CONCURRENT_REQUESTS=16`,
  `- answer pacing (2 per event-loop turn, the default) at ${concurrencies.at(-1)} clients: orgPage p95 / p99 ${at(find('ctrlgraph', 'orgPage'), concurrencies.at(-1) ?? 1)?.p95} / ${at(find('ctrlgraph', 'orgPage'), concurrencies.at(-1) ?? 1)?.p99} ms vs ${at(find('ctrlgraph unpaced', 'orgPage'), concurrencies.at(-1) ?? 1)?.p95} / ${at(find('ctrlgraph unpaced', 'orgPage'), concurrencies.at(-1) ?? 1)?.p99} ms unpaced, throughput ${ratio(at(find('ctrlgraph', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps, at(find('ctrlgraph unpaced', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps)}; timeline throughput ${ratio(at(find('ctrlgraph', 'timeline'), concurrencies.at(-1) ?? 1)?.rps, at(find('ctrlgraph unpaced', 'timeline'), concurrencies.at(-1) ?? 1)?.rps)} of unpaced`,
  `- admission control (16 at once) at ${concurrencies.at(-1)} clients: orgPage p95 ${at(find('ctrlgraph admission 16', 'orgPage'), concurrencies.at(-1) ?? 1)?.p95} ms vs ${at(find('ctrlgraph', 'orgPage'), concurrencies.at(-1) ?? 1)?.p95} ms unlimited, throughput ${ratio(at(find('ctrlgraph admission 16', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps, at(find('ctrlgraph', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps)}; timeline throughput ${ratio(at(find('ctrlgraph admission 16', 'timeline'), concurrencies.at(-1) ?? 1)?.rps, at(find('ctrlgraph', 'timeline'), concurrencies.at(-1) ?? 1)?.rps)} of unlimited`,
  `- orgPage vs proxy limit: p50 at 1 client ${ratio(at(find('ctrlgraph', 'orgPage'), 1)?.p50, at(find('proxy limit', 'orgPage'), 1)?.p50)} of the proxy's; throughput at ${concurrencies.at(-1)} clients ${ratio(at(find('ctrlgraph', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps, at(find('proxy limit', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps)} of the proxy's`,
  `- orgPage vs peer (Hive Gateway over the OpenAPI documents, relations left to the client): p50 at 1 client ${ratio(at(find('ctrlgraph', 'orgPage'), 1)?.p50, at(find('peer: Hive Gateway + OpenAPI', 'orgPage'), 1)?.p50)} of the peer's; throughput at ${concurrencies.at(-1)} clients ${ratio(at(find('ctrlgraph', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps, at(find('peer: Hive Gateway + OpenAPI', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps)} of the peer's (with JIT ${ratio(at(find('ctrlgraph jit', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps, at(find('peer: Hive Gateway + OpenAPI', 'orgPage'), concurrencies.at(-1) ?? 1)?.rps)})`,
];
const report = `${table.join('\n')}\n`;
writeFileSync(new URL('./results/latest.md', import.meta.url), report);
console.log(report);
