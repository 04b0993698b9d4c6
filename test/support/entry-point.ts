import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../src/simulator/server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const UPSTREAM_VARIABLES = [
  'CTRLHUB_BASE_URL',
  'CTRLHUB_ORG_ID',
  'CTRLHUB_SESSION_TOKEN',
  'ALPHARUN_BASE_URL',
  'ALPHARUN_API_TOKEN',
  'CTRLGRAPH_SIMULATOR',
  'PORT',
  'HOST',
];

export interface RunningEntryPoint {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves with the GraphQL URL once the log says the server listens. */
  listening: Promise<URL>;
  exited: Promise<number | null>;
  /** Resolves once `count` standard-output lines match, with those lines (JSON log lines parsed). */
  logged(match: (line: LogLine) => boolean, count?: number): Promise<LogLine[]>;
}

/** A pino log line; plain text lines come as `{ msg }`. */
export type LogLine = Record<string, unknown> & { msg?: string; pid?: number };

export interface EntryPointOptions {
  /** The node binary (another LTS line); this process's by default. */
  node?: string;
  /** The install to run (a pruned copy); this repository by default. */
  cwd?: string;
  /** The command; `node dist/main.js` by default. */
  command?: [string, ...string[]];
}

/**
 * Starts the built entry point as `npm start` does (`node dist/main.js`), with a clean upstream
 * environment plus `env`; a variable given as `undefined` is left out.
 */
export function startEntryPoint(env: Record<string, string | undefined>, options: EntryPointOptions = {}): RunningEntryPoint {
  const base = Object.fromEntries(
    Object.entries({ ...process.env, ...env }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && (!UPSTREAM_VARIABLES.includes(entry[0]) || entry[0] in env),
    ),
  );
  const [command, ...args] = options.command ?? [options.node ?? process.execPath, 'dist/main.js'];
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { PORT: '0', HOST: '127.0.0.1', ...base },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const watchers = new Set<() => void>();
  const parse = (line: string): LogLine => {
    try {
      return JSON.parse(line) as LogLine;
    } catch {
      return { msg: line };
    }
  };
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<URL>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        stdout.push(line);
        for (const watcher of watchers) watcher();
        const match = /ctrlgraph listening on (http:\/\/\S+?)"/.exec(line);
        if (match?.[1]) resolve(new URL(match[1]));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    void exited.then((code) => reject(new Error(`entry point exited (${code}) before listening: ${stderr.join('\n')}`)));
  });
  listening.catch(() => undefined);
  const logged = (match: (line: LogLine) => boolean, count = 1) =>
    new Promise<LogLine[]>((resolve) => {
      const matched: LogLine[] = [];
      let seen = 0;
      const check = () => {
        for (; seen < stdout.length; seen += 1) {
          const line = parse(stdout[seen] as string);
          if (match(line)) matched.push(line);
        }
        if (matched.length < count) return;
        watchers.delete(check);
        resolve(matched);
      };
      watchers.add(check);
      check();
    });
  return { child, stdout, stderr, listening, exited, logged };
}

/** Whether a process is still running (signal 0 checks without sending anything). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The variables that point a started gateway at `simulator`'s two APIs. */
export function simulatorVariables(simulator: Simulator): Record<string, string> {
  return {
    CTRLHUB_BASE_URL: simulator.ctrlhubBaseUrl,
    CTRLHUB_ORG_ID: simulator.orgId,
    CTRLHUB_SESSION_TOKEN: simulator.ctrlhubSessionToken,
    ALPHARUN_BASE_URL: simulator.alpharunBaseUrl,
    ALPHARUN_API_TOKEN: simulator.alpharunApiToken,
  };
}
