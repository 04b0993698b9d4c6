import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
}

/** Starts the built entry point as `npm start` does (`node dist/main.js`), with a clean upstream environment plus `env`. */
export function startEntryPoint(env: Record<string, string>): RunningEntryPoint {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !UPSTREAM_VARIABLES.includes(name)));
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: { ...base, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<URL>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        stdout.push(line);
        const match = /ctrlgraph listening on (http:\/\/\S+?)"/.exec(line);
        if (match?.[1]) resolve(new URL(match[1]));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    void exited.then((code) => reject(new Error(`entry point exited (${code}) before listening: ${stderr.join('\n')}`)));
  });
  listening.catch(() => undefined);
  return { child, stdout, stderr, listening, exited };
}
