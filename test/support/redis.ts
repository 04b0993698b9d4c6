import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** The Debian `redis-server` binary, or an empty string when it is not installed. */
export const redisServerBinary = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
export const redisMissingReason = "skipped: redis-server is not installed (.ci/run installs Debian's redis-server)";

export interface RunningRedis {
  url: string;
  process: ChildProcess;
  /** Stops the server for good (SIGKILL), resolving once it has exited. */
  stop(): Promise<void>;
}

/** A real redis-server on a free loopback port, without persistence, ready to answer; `password` sets `requirepass`. */
export async function startRedis({ password }: { password?: string } = {}): Promise<RunningRedis> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  const child = spawn(
    redisServerBinary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...(password ? ['--requirepass', password] : [])],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}${password ? `?password=${encodeURIComponent(password)}` : ''}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return { url, process: child, stop };
    } catch {
      client.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await stop();
  throw new Error('redis-server did not start');
}
