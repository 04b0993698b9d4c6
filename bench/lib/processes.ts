import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** utime + stime of a process in µs; the fields after the parenthesised command name (proc(5): 14 and 15). */
function cpuMicrosOf(pid: number | undefined): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
}

export interface RunningProcess {
  child: ChildProcess;
  output: string[];
  /** Resident set size now, in MB (Linux /proc). */
  rssMb(): number;
  /** CPU time (user + system) the process has used so far, in µs (Linux /proc, clock-tick resolution). */
  cpuMicros(): number;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** How a process is started: a script under this process's Node, or a shell command line. */
type Launch = { script: string; nodeArgs?: string[]; scriptArgs?: string[] } | { shell: string };

function run(
  launch: Launch,
  env: Record<string, string>,
  ready: RegExp,
  { cwd = ROOT }: { cwd?: string } = {},
): Promise<RunningProcess & { match: RegExpExecArray }> {
  const [script, command, args, launchEnv]: [string, string, string[], Record<string, string>] =
    'shell' in launch
      ? // `node` on the command line is this process's Node; the command `exec`s it, so the pid is the gateway's.
        [launch.shell, '/bin/sh', ['-c', launch.shell], { PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` }]
      : [launch.script, process.execPath, [...(launch.nodeArgs ?? ['--import', 'tsx']), launch.script, ...(launch.scriptArgs ?? [])], {}];
  const child = spawn(command, args, { cwd, env: { ...process.env, ...launchEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let isReady = false;
    const check = () => {
      if (isReady) return;
      const match = ready.exec(output.join(''));
      if (match) {
        isReady = true;
        resolve({
          child,
          output,
          match,
          rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
          cpuMicros: () => cpuMicrosOf(child.pid),
          stop: async () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    const collect = (chunk: Buffer) => {
      if (output.length < 10_000) output.push(chunk.toString('utf8'));
      check();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    if (ready.source === '^') check();
    void exited.then((code) => reject(new Error(`${script} exited (${code}) before it was ready:\n${output.join('')}`)));
  });
}

export interface SimulatorProcess extends RunningProcess {
  env: Record<string, string>;
  /** Upstream requests counted since the last reset. */
  requestCounts(): Promise<{ ctrlhub: number; alpharun: number }>;
  resetCounts(): Promise<void>;
}

/** The upstream simulator in its own process, with a fixed latency, an optional 500 rate and a data set (`demo` by default). */
export async function startSimulatorProcess(options: {
  latencyMs: number;
  faultRate?: number;
  dataset?: string;
}): Promise<SimulatorProcess> {
  const running = await run(
    { script: 'src/simulator/main.ts' },
    {
      SIMULATOR_PORT: '0',
      SIMULATOR_LATENCY_MS: String(options.latencyMs),
      SIMULATOR_FAULT_RATE: String(options.faultRate ?? 0),
      SIMULATOR_DATASET: options.dataset ?? 'demo',
    },
    /ALPHARUN_API_TOKEN=\S+/,
  );
  const text = running.output.join('');
  const env = Object.fromEntries(
    [...text.matchAll(/^(CTRLHUB_\w+|ALPHARUN_\w+)=(\S+)$/gm)].map((match) => [match[1] as string, match[2] as string]),
  );
  const countsUrl = `${env.CTRLHUB_BASE_URL?.replace(/\/v3$/, '')}/__simulator/requests`;
  return {
    ...running,
    env,
    requestCounts: async () => (await (await fetch(countsUrl)).json()) as { ctrlhub: number; alpharun: number },
    resetCounts: async () => {
      await (await fetch(countsUrl, { method: 'DELETE' })).text();
    },
  };
}

export interface GatewayProcess extends RunningProcess {
  url: URL;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** `npm start`'s command line, from package.json: the gateway's process settings are part of it. */
const START_COMMAND = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: { start: string } }).scripts.start;

/** The variables `npm start` gives the gateway when they are not set (`NAME=${NAME:-value}`). */
export const startEnvironment: Record<string, string> = Object.fromEntries(
  [...START_COMMAND.matchAll(/\b([A-Z_]+)=\$\{\1:-([^}]*)\}/g)].map((match) => [match[1] as string, match[2] as string]),
);

/** Builds what `npm start` runs (`dist/`); once per benchmark run, before the first gateway starts. */
export function buildGateway(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** `npm start`'s command line with `nodeArgs` after its `exec node`, each single-quoted for the shell. */
function withNodeArgs(command: string, nodeArgs: string[]): string {
  if (nodeArgs.length === 0) return command;
  if (!/\bexec node\b/.test(command)) throw new Error(`npm start runs no \`exec node\`: ${command}`);
  const quoted = nodeArgs.map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ');
  return command.replace(/\bexec node\b/, `exec node ${quoted}`);
}

/**
 * The gateway as `npm start` runs it (its command line from package.json, without npm; see
 * `buildGateway`), pointed at `upstreamEnv`; ready once `/healthz` answers. `naive` runs the naive
 * baseline instead (`bench/naive-gateway.ts`, under tsx, with `npm start`'s environment); `nodeArgs`
 * are extra Node flags (e.g. `--cpu-prof`), put on `node`'s command line because Node refuses some
 * of them (`--cpu-prof` among them) in `NODE_OPTIONS`.
 */
export async function startGatewayProcess(
  upstreamEnv: Record<string, string>,
  extraEnv: Record<string, string> = {},
  { naive = false, nodeArgs = [] }: { naive?: boolean; nodeArgs?: string[] } = {},
): Promise<GatewayProcess> {
  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    CTRLGRAPH_CSRF_PREVENTION: 'false',
    ...upstreamEnv,
    ...extraEnv,
  };
  const running = naive
    ? await run({ script: 'bench/naive-gateway.ts', nodeArgs: ['--import', 'tsx', ...nodeArgs] }, { ...startEnvironment, ...env }, /^/)
    : await run({ shell: withNodeArgs(START_COMMAND, nodeArgs) }, env, /^/);
  const url = new URL(`http://127.0.0.1:${port}/graphql`);
  for (let attempt = 0; ; attempt += 1) {
    try {
      if ((await fetch(new URL('/healthz', url))).ok) break;
    } catch {
      if (attempt > 200) throw new Error(`gateway did not start:\n${running.output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { ...running, url };
}

/** The hand-written proxy-limit server (`bench/proxy-limit.ts`) in its own process. */
export async function startProxyLimitProcess(upstreamEnv: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const running = await run({ script: 'bench/proxy-limit.ts' }, { ...upstreamEnv, PORT: String(port) }, /proxy-limit listening/);
  return { ...running, url: new URL(`http://127.0.0.1:${port}/graphql`) };
}

/** The raw-fetch baseline (`bench/raw-fetch.ts`): the org page's upstream request and its parse, nothing else. */
export async function startRawFetchProcess(upstreamEnv: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const running = await run({ script: 'bench/raw-fetch.ts' }, { ...upstreamEnv, PORT: String(port) }, /raw-fetch listening/);
  return { ...running, url: new URL(`http://127.0.0.1:${port}/graphql`) };
}

/**
 * The peer: Hive Gateway serving a supergraph composed (Mesh compose) from the project's OpenAPI
 * documents. Its packages live in bench/peer with their own lockfile and are installed on first use.
 */
export async function startPeerProcess(upstreamEnv: Record<string, string>): Promise<GatewayProcess> {
  const peer = `${ROOT}bench/peer/`;
  if (!existsSync(`${peer}node_modules/.bin/hive-gateway`))
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: peer, stdio: 'inherit' });
  execFileSync(`${peer}node_modules/.bin/mesh-compose`, ['-o', 'supergraph.graphql'], { cwd: peer, stdio: 'ignore' });
  const port = await freePort();
  const running = await run(
    {
      script: `${peer}node_modules/.bin/hive-gateway`,
      nodeArgs: [],
      scriptArgs: ['supergraph', 'supergraph.graphql', '--host', '127.0.0.1', '--port', String(port)],
    },
    upstreamEnv,
    /Listening on/,
    { cwd: peer },
  );
  return { ...running, url: new URL(`http://127.0.0.1:${port}/graphql`) };
}
