import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { type LogLine, type RunningEntryPoint, simulatorVariables, startEntryPoint } from '../support/entry-point.js';
import { postOnNewConnection } from '../support/http.js';
import { type RunningRedis, redisMissingReason, redisServerBinary, startRedis } from '../support/redis.js';

if (!redisServerBinary) console.warn(`Shared-state tests ${redisMissingReason}`);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
const listeningLine = (line: LogLine) => line.msg?.startsWith('ctrlgraph listening on') === true;
const unavailableLine = (line: LogLine) => line.msg?.startsWith('shared state: Redis unavailable') === true;

interface GraphQLAnswer {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

interface Instance {
  running: RunningEntryPoint;
  url: URL;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: GraphQLAnswer }>;
}

/** Two gateway processes that share nothing but the Redis and the upstream (one simulator, to count its calls). */
async function startInstances(simulator: Simulator, redis: RunningRedis, env: Record<string, string>): Promise<[Instance, Instance]> {
  const start = async (): Promise<Instance> => {
    const running = startEntryPoint({
      ...simulatorVariables(simulator),
      CTRLGRAPH_REDIS_URL: redis.url,
      ...env,
    });
    const [listening] = await running.logged(listeningLine);
    await running.logged((line) => line.msg === 'shared state: Redis connected');
    const url = new URL(listening?.url as string);
    return {
      running,
      url,
      post: async (body, headers) => {
        const answer = await postOnNewConnection(url, body, headers);
        return { status: answer.status, headers: answer.headers, body: JSON.parse(answer.body) as GraphQLAnswer };
      },
    };
  };
  return Promise.all([start(), start()]);
}

/** A redis-server, a simulator and two gateway instances sharing both, for the tests of one describe block. */
function twoInstancesSharingRedis(env: Record<string, string>): { redis: RunningRedis; simulator: Simulator; a: Instance; b: Instance } {
  const shared = {} as { redis: RunningRedis; simulator: Simulator; a: Instance; b: Instance };
  beforeAll(async () => {
    shared.redis = await startRedis();
    shared.simulator = await startSimulator({ port: 0 });
    [shared.a, shared.b] = await startInstances(shared.simulator, shared.redis, env);
  }, 60_000);
  afterAll(async () => {
    shared.a?.running.child.kill('SIGKILL');
    shared.b?.running.child.kill('SIGKILL');
    await shared.simulator?.close();
    await shared.redis?.stop();
  });
  return shared;
}

describe.skipIf(!redisServerBinary)('two instances sharing one Redis (CTRLGRAPH_REDIS_URL)', { timeout: 60_000 }, () => {
  const shared = twoInstancesSharingRedis({ CTRLGRAPH_CACHE_TTL_MS: '60000' });

  it('runs on B, by hash alone, an operation registered by APQ on A', async () => {
    const query = '{ interactions(first: 2) { edges { node { ctrlHubId } } } }';
    const hash = sha256(query);
    expect((await shared.b.post(persisted(hash))).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await shared.a.post({ query, ...persisted(hash) });
    expect(registered.body.errors).toBeUndefined();
    const onB = await shared.b.post(persisted(hash));
    expect(onB.status).toBe(200);
    expect(onB.body).toEqual(registered.body);
  });

  it('answers on B from what A cached, without an upstream call', async () => {
    const query = { query: '{ interactions(first: 3) { edges { node { ctrlHubId contact { firstName } } } } }' };
    const fromA = await shared.a.post(query);
    expect(fromA.body.errors).toBeUndefined();
    shared.simulator.requests.clear();
    const fromB = await shared.b.post(query);
    expect(fromB.body).toEqual(fromA.body);
    expect(shared.simulator.requests.entries).toHaveLength(0);
  });

  it('keeps answering on both when Redis stops, logging it once per instance', async () => {
    const query = '{ interactions(first: 4) { edges { node { ctrlHubId } } } }';
    const hash = sha256(query);
    expect((await shared.a.post({ query, ...persisted(hash) })).body.errors).toBeUndefined();
    await shared.redis.stop();

    shared.simulator.requests.clear();
    for (const instance of [shared.a, shared.b, shared.a, shared.b]) {
      const answer = await instance.post({ query });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
    }
    // Every answer was a cache miss, so each one went upstream.
    expect(shared.simulator.requests.of('ctrlhub')).toHaveLength(4);
    // B never saw the text: without Redis it asks for it, and the client's resend runs.
    expect((await shared.b.post(persisted(hash))).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await shared.b.post({ query, ...persisted(hash) })).body.errors).toBeUndefined();
    for (const instance of [shared.a, shared.b]) {
      await instance.running.logged(unavailableLine);
      expect(instance.running.stdout.filter((line) => line.includes('shared state: Redis unavailable'))).toHaveLength(1);
    }
  });
});

describe.skipIf(!redisServerBinary)('rate limits shared through Redis (CTRLGRAPH_RATE_LIMIT)', { timeout: 60_000 }, () => {
  const shared = twoInstancesSharingRedis({ CTRLGRAPH_RATE_LIMIT: '5', CTRLGRAPH_RATE_LIMIT_WINDOW_MS: '60000' });

  it('refuses the sixth request across both instances with 429 and RateLimit headers, without an upstream call', async () => {
    const query = { query: '{ interactions(first: 1) { edges { node { ctrlHubId } } } }' };
    const allowed = [];
    for (const instance of [shared.a, shared.b, shared.a, shared.b, shared.a]) allowed.push(await instance.post(query));
    expect(allowed.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(allowed.map((answer) => answer.headers['ratelimit-remaining'])).toEqual(['4', '3', '2', '1', '0']);

    shared.simulator.requests.clear();
    const refused = await shared.b.post(query);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(refused.headers).toMatchObject({
      'ratelimit-limit': '5',
      'ratelimit-remaining': '0',
      'ratelimit-policy': '5;w=60;burst=5',
    });
    // One request comes back every 12 s (5 per minute).
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(11);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(12);
    expect(Number(refused.headers['ratelimit-reset'])).toBeGreaterThan(50);
    expect(shared.simulator.requests.entries).toHaveLength(0);
  });
});

describe.skipIf(!redisServerBinary)('a Redis password in CTRLGRAPH_REDIS_URL', { timeout: 60_000 }, () => {
  it.each(['query (?password=, which ioredis reads)', 'userinfo'])('in the %s: used to connect, never logged', async (where) => {
    const password = 'S3cretRedisPassw0rd';
    const redis = await startRedis({ password });
    const simulator = await startSimulator({ port: 0 });
    const url = where === 'userinfo' ? redis.url.replace('redis://', `redis://:${password}@`).replace(/\?.*$/, '') : redis.url;
    const running = startEntryPoint({
      ...simulatorVariables(simulator),
      CTRLGRAPH_REDIS_URL: url,
    });
    try {
      await running.logged((line) => line.msg === 'shared state: Redis connected');
      await redis.stop();
      await running.logged(unavailableLine);
      expect([...running.stdout, ...running.stderr].join('\n')).not.toContain(password);
    } finally {
      running.child.kill('SIGKILL');
      await simulator.close();
      await redis.stop();
    }
  });
});

describe.skipIf(!redisServerBinary)('a Redis that stops answering but keeps its connections', { timeout: 60_000 }, () => {
  it('is logged unavailable once, and requests stop waiting on it', async () => {
    const redis = await startRedis();
    const simulator = await startSimulator({ port: 0 });
    const running = startEntryPoint({
      ...simulatorVariables(simulator),
      CTRLGRAPH_REDIS_URL: redis.url,
      CTRLGRAPH_CACHE_TTL_MS: '60000',
      CTRLGRAPH_RATE_LIMIT: '1000',
    });
    try {
      const [listening] = await running.logged(listeningLine);
      await running.logged((line) => line.msg === 'shared state: Redis connected');
      const url = new URL(listening?.url as string);
      redis.process.kill('SIGSTOP');
      const timings: number[] = [];
      for (let request = 0; request < 4; request += 1) {
        const startedAt = Date.now();
        const answer = await postOnNewConnection(url, { query: `{ interactions(first: ${request + 1}) { totalCount } }` });
        expect(answer.status).toBe(200);
        timings.push(Date.now() - startedAt);
      }
      await running.logged(unavailableLine);
      // The first request meets the hang (a command's timeout); those after it do not wait on Redis.
      expect(timings.slice(2).every((ms) => ms < 500)).toBe(true);
      expect(running.stdout.filter((line) => line.includes('shared state: Redis unavailable'))).toHaveLength(1);
    } finally {
      redis.process.kill('SIGCONT');
      running.child.kill('SIGKILL');
      await simulator.close();
      await redis.stop();
    }
  });
});

/**
 * What the gateway's Redis client sends on connecting, heard by a server that speaks just enough of
 * Redis's protocol (RESP) to record each command and answer it: the bundled build has no package.json
 * for ioredis to read its version from.
 */
describe('the commands the built gateway sends a Redis on connecting', { timeout: 30_000 }, () => {
  it('names no library version it cannot know (CLIENT SETINFO)', async () => {
    const commands: string[][] = [];
    const server = createServer((socket) => {
      let buffered = '';
      socket.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('latin1');
        for (let command = /^\*(\d+)\r\n/.exec(buffered); command; command = /^\*(\d+)\r\n/.exec(buffered)) {
          const words: string[] = [];
          let at = command[0].length;
          for (let index = 0; index < Number(command[1]); index += 1) {
            const length = /^\$(\d+)\r\n/.exec(buffered.slice(at));
            if (!length || buffered.length < at + length[0].length + Number(length[1]) + 2) return;
            at += length[0].length;
            words.push(buffered.slice(at, at + Number(length[1])));
            at += Number(length[1]) + 2;
          }
          buffered = buffered.slice(at);
          commands.push(words);
          const info = 'redis_version:7.4.0\r\nloading:0\r\n';
          socket.write(words[0]?.toLowerCase() === 'info' ? `$${info.length}\r\n${info}\r\n` : '+OK\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const running = startEntryPoint({ CTRLGRAPH_REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
      await running.logged((line) => line.msg === 'shared state: Redis connected');
      expect(commands.length).toBeGreaterThan(0);
      expect(commands.filter((words) => words.some((word) => /error-fetching-version/.test(word)))).toEqual([]);
    } finally {
      running.child.kill('SIGKILL');
      server.close();
    }
  });
});
