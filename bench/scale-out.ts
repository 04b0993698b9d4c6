/**
 * `npm run bench:scale-out`: the org page at 100 clients against one gateway process, against
 * `CTRLGRAPH_WORKERS=2`, and against two instances behind HAProxy (Debian's `haproxy`, started here with
 * its own configuration on loopback), all on one simulator process with a fixed upstream latency.
 * Everything runs on this machine, so the load generator (this process) and the simulator take CPU from
 * the gateway: the table says how much of the machine each took.
 * Knobs: BENCH_LATENCY_MS (20), BENCH_SECONDS per measurement (15), BENCH_CONCURRENCY (100).
 * Writes bench/results/scale-out.md and prints it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildGateway, type GatewayProcess, startGatewayProcess, startSimulatorProcess } from './lib/processes.js';

const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 20);
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 100);
const cores = availableParallelism();
const body = JSON.stringify({ query: readFileSync(new URL('./operations/orgPage.graphql', import.meta.url), 'utf8') });
const gatewayEnv = { NODE_ENV: 'production', CTRLGRAPH_MAX_COST: '10000000' };

/** CPU seconds (user + system) a process and its children have used so far, from /proc. */
function cpuSeconds(pids: number[]): number {
  const ticks = 100;
  return pids.reduce((sum, pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return sum + (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      return sum;
    }
  }, 0);
}
const childrenOf = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** HAProxy in front of `backends`, in the foreground, with a configuration of its own in a temporary directory. */
async function startHaproxy(backends: URL[]): Promise<{ url: URL; pid: number; stop(): void }> {
  const port = await freePort();
  const config = [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  option http-keep-alive',
    'frontend graph',
    `  bind 127.0.0.1:${port}`,
    '  default_backend gateways',
    'backend gateways',
    '  balance leastconn',
    '  option httpchk GET /readyz',
    ...backends.map((url, index) => `  server g${index} ${url.host} check inter 5s`),
  ].join('\n');
  const path = join(mkdtempSync(join(tmpdir(), 'ctrlgraph-haproxy-')), 'haproxy.cfg');
  writeFileSync(path, `${config}\n`);
  const child = spawn('haproxy', ['-f', path, '-db'], { stdio: 'ignore' });
  const url = new URL(`http://127.0.0.1:${port}/graphql`);
  for (let attempt = 0; ; attempt += 1) {
    try {
      if ((await fetch(new URL('/healthz', url))).ok) break;
    } catch {
      if (attempt > 100) throw new Error('haproxy did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, pid: child.pid as number, stop: () => child.kill('SIGTERM') };
}

interface Measurement {
  variant: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  failed: number;
  cpu: { gateway: number; balancer: number; simulator: number; loadGenerator: number };
  /** The machine's 1-minute load average at the end: above the core count, others were running too. */
  load: number;
}

async function measure(
  variant: string,
  url: URL,
  gatewayPids: () => number[],
  simulatorPid: number,
  balancerPid?: number,
): Promise<Measurement> {
  const run = (duration: number) =>
    autocannon({
      url: url.href,
      connections: concurrency,
      duration,
      timeout: 60,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
  await run(5); // warm-up: JIT, connection pools, every worker started
  const pids = gatewayPids();
  const before = {
    gateway: cpuSeconds(pids),
    balancer: balancerPid ? cpuSeconds([balancerPid]) : 0,
    simulator: cpuSeconds([simulatorPid]),
  };
  const self = process.cpuUsage();
  const result = await run(seconds);
  const own = process.cpuUsage(self);
  const share = (cpu: number) => cpu / (seconds * cores);
  return {
    variant,
    rps: result.requests.average,
    p50: result.latency.p50,
    p95: result.latency.p97_5,
    p99: result.latency.p99,
    failed: result.errors + result.timeouts + result.non2xx,
    cpu: {
      gateway: share(cpuSeconds(pids) - before.gateway),
      balancer: balancerPid ? share(cpuSeconds([balancerPid]) - before.balancer) : 0,
      simulator: share(cpuSeconds([simulatorPid]) - before.simulator),
      loadGenerator: share((own.user + own.system) / 1e6),
    },
    load: loadavg()[0] as number,
  };
}

buildGateway();
const simulator = await startSimulatorProcess({ latencyMs });
const simulatorPid = simulator.child.pid as number;
const rows: Measurement[] = [];

const single = await startGatewayProcess(simulator.env, gatewayEnv);
rows.push(await measure('1 process', single.url, () => [single.child.pid as number], simulatorPid));
await single.stop();

const workers = await startGatewayProcess(simulator.env, { ...gatewayEnv, CTRLGRAPH_WORKERS: '2' });
const primary = workers.child.pid as number;
rows.push(await measure('CTRLGRAPH_WORKERS=2', workers.url, () => [primary, ...childrenOf(primary)], simulatorPid));
await workers.stop();

let haproxy: string | undefined;
try {
  haproxy = execFileSync('haproxy', ['-v'], { encoding: 'utf8' }).split('\n')[0];
} catch {
  console.warn('haproxy is not installed (apt-get install haproxy): the two-instance variant is skipped');
}
if (haproxy) {
  const instances: GatewayProcess[] = [
    await startGatewayProcess(simulator.env, gatewayEnv),
    await startGatewayProcess(simulator.env, gatewayEnv),
  ];
  const balancer = await startHaproxy(instances.map((instance) => instance.url));
  rows.push(
    await measure(
      '2 instances + HAProxy',
      balancer.url,
      () => instances.map((instance) => instance.child.pid as number),
      simulatorPid,
      balancer.pid,
    ),
  );
  balancer.stop();
  for (const instance of instances) await instance.stop();
}
await simulator.stop();

const percent = (share: number) => `${Math.round(share * 100)} %`;
const table = [
  `# Scale-out: orgPage at ${concurrency} clients`,
  '',
  `${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cores} cores shared with other work (figures are indicative), ` +
    `upstream latency ${latencyMs} ms, ${seconds} s per measurement after a 5 s warm-up${haproxy ? `, ${haproxy}` : ''}.`,
  'CPU columns: share of the whole machine (all cores) each part used during the measurement.',
  '',
  '| variant | req/s | p50 ms | p97.5 ms | p99 ms | failed | gateway CPU | HAProxy CPU | simulator CPU | load generator CPU | machine load (1 min) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (row) =>
      `| ${row.variant} | ${row.rps.toFixed(1)} | ${row.p50} | ${row.p95} | ${row.p99} | ${row.failed} | ${percent(row.cpu.gateway)} | ${
        row.cpu.balancer ? percent(row.cpu.balancer) : '—'
      } | ${percent(row.cpu.simulator)} | ${percent(row.cpu.loadGenerator)} | ${row.load.toFixed(1)} |`,
  ),
  '',
].join('\n');
writeFileSync(new URL('./results/scale-out.md', import.meta.url), table);
console.log(table);
