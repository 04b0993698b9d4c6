import { Redis } from 'ioredis';
import { pino } from 'pino';
import { connectSharedRedis } from '../../src/state/shared-redis.js';
import { sharedResponseCache } from '../../src/state/shared-response-cache.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';
import { redisMissingReason, redisServerBinary, startRedis } from '../support/redis.js';

let gateway: GatewayFixture | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const QUERY = { query: '{ interactions(first: 3) { edges { node { id contact { firstName } } } } }' };
const linked = (fixture: GatewayFixture) => fixture.simulator.data.alpharun.contacts.find((contact) => contact.ext_id)?.ext_id as string;

describe('response cache (CTRLGRAPH_CACHE_TTL_MS)', () => {
  it('answers a repeated read from the cache, without asking upstream', async () => {
    gateway = await startGateway({ cache: { ttlMs: 60_000 } });
    const first = await gateway.post(QUERY);
    const sent = gateway.requests().length;
    expect(sent).toBeGreaterThan(0);
    const second = await gateway.post(QUERY);
    expect(second.body).toEqual(first.body);
    expect(gateway.requests()).toHaveLength(sent);
    await gateway.post({ query: '{ interactions(first: 4) { edges { node { id } } } }' });
    expect(gateway.requests().length).toBeGreaterThan(sent);
  });

  it('leaves the gateway ready: the readiness probe executes past the cache', async () => {
    gateway = await startGateway({ cache: { ttlMs: 60_000 }, readinessFreshMs: 0 });
    for (let check = 0; check < 3; check++) expect((await fetch(new URL('/readyz', gateway.url))).status).toBe(200);
    expect(gateway.logs.filter((line) => line.includes('readiness probe cannot execute'))).toEqual([]);
    // Ordinary reads are still cached.
    const first = await gateway.post(QUERY);
    const sent = gateway.requests().length;
    expect((await gateway.post(QUERY)).body).toEqual(first.body);
    expect(gateway.requests()).toHaveLength(sent);
  });

  it('asks upstream again once the TTL has passed', async () => {
    gateway = await startGateway({ cache: { ttlMs: 200 } });
    await gateway.post(QUERY);
    const sent = gateway.requests().length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await gateway.post(QUERY);
    expect(gateway.requests().length).toBe(sent * 2);
  });

  it('never stores an answer in parts: a client that cannot read parts is refused, not served one merged', async () => {
    gateway = await startGateway({ cache: { ttlMs: 60_000 } });
    const body = JSON.stringify({ query: '{ interactions(first: 2) { edges { node { ctrlHubId ... @defer { method } } } } }' });
    const send = (accept: string) =>
      fetch(gateway?.url as URL, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body });
    expect((await send('application/json')).status).toBe(406);
    const parts = await send('multipart/mixed');
    expect(parts.status).toBe(200);
    await parts.text();
    const sent = gateway.requests().length;
    expect((await send('application/json')).status).toBe(406);
    // And a second reader of parts reads the upstream again.
    await (await send('multipart/mixed')).text();
    expect(gateway.requests().length).toBeGreaterThan(sent);
  });

  it('never stores an answer with errors', async () => {
    gateway = await startGateway({ cache: { ttlMs: 60_000 } });
    const query = { query: `{ contact(id: "${linked(gateway)}") { customerInteractions(first: 2) { edges { cursor } } } }` };
    gateway.simulator.fault({ upstream: 'alpharun', effect: { kind: 'status', status: 500 } });
    expect((await gateway.post(query)).body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    gateway.simulator.clearFaults();
    expect((await gateway.post(query)).body.errors).toBeUndefined();
  });

  it("keeps one caller's cached answers from a caller with other credentials", async () => {
    gateway = await startGateway({ cache: { ttlMs: 60_000 }, forwardCredentials: true });
    const own = { 'x-ctrlhub-session-token': gateway.simulator.ctrlhubSessionToken };
    expect((await gateway.post(QUERY, own)).body.errors).toBeUndefined();
    const other = await gateway.post(QUERY, { 'x-ctrlhub-session-token': 'someone-elses-token' });
    expect(other.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const sent = gateway.requests().length;
    expect((await gateway.post(QUERY, own)).body.errors).toBeUndefined();
    expect(gateway.requests()).toHaveLength(sent);
  });
});

if (!redisServerBinary) console.warn(`Redis response-cache tests ${redisMissingReason}`);

describe.skipIf(!redisServerBinary)(
  redisServerBinary ? 'response cache in Redis (CTRLGRAPH_REDIS_URL)' : `response cache in Redis — ${redisMissingReason}`,
  () => {
    it('serves repeated reads from Redis and keeps answering when Redis goes away', async () => {
      const redis = await startRedis();
      try {
        gateway = await startGateway({ cache: { ttlMs: 60_000 }, redisUrl: redis.url });
        const first = await gateway.post(QUERY);
        const sent = gateway.requests().length;
        const second = await gateway.post(QUERY);
        expect(second.body).toEqual(first.body);
        expect(gateway.requests()).toHaveLength(sent);
        const client = new Redis(redis.url);
        expect(await client.dbsize()).toBeGreaterThan(0);
        client.disconnect();

        await redis.stop();
        const without = await gateway.post(QUERY);
        expect(without.body).toEqual(first.body);
        expect(gateway.requests().length).toBeGreaterThan(sent);
        await gateway.post(QUERY);
        expect(gateway.logs.filter((line) => line.includes('shared state: Redis unavailable'))).toHaveLength(1);
      } finally {
        await redis.stop();
      }
    });

    it('drops an answer stored just before an invalidation, even when Redis has forgotten its scripts', async () => {
      // By hash, a forgotten script is resent after NOSCRIPT: the store could then run after a drop sent later.
      const redis = await startRedis();
      const shared = connectSharedRedis(redis.url, pino({ level: 'silent' }));
      const client = new Redis(redis.url);
      try {
        for (let waited = 0; !shared.available() && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
        const store = sharedResponseCache(shared);
        const entity = { typename: 'Contact', id: 'Q29udGFjdDox' };
        await store.invalidate([entity]);
        for (let round = 0; round < 5; round += 1) {
          await client.script('FLUSH');
          await store.invalidate([entity]);
          const stored = store.set(`answer-${round}`, { data: { round } }, [entity], 60_000);
          const dropped = store.invalidate([entity]);
          await Promise.all([stored, dropped]);
          expect(await store.get(`answer-${round}`)).toBeUndefined();
        }
      } finally {
        client.disconnect();
        await shared.close();
        await redis.stop();
      }
    });

    it("indexes an answer for as long as it lives, on Redis's clock whatever the gateway's says", async () => {
      const redis = await startRedis();
      const client = new Redis(redis.url);
      const realNow = Date.now.bind(Date);
      try {
        gateway = await startGateway({ cache: { ttlMs: 5_000 }, redisUrl: redis.url });
        // The gateway's clock six seconds behind: its expiry times for the index would be in the past.
        Date.now = () => realNow() - 6_000;
        expect((await gateway.post(QUERY)).body.errors).toBeUndefined();
        Date.now = realNow;
        const answers = await client.keys('ctrlgraph:cache:answer:*');
        const index = await client.keys('ctrlgraph:cache:entity:*');
        expect(answers).toHaveLength(1);
        expect(index.length).toBeGreaterThan(0);
        const answerTtl = await client.pttl(answers[0] as string);
        for (const key of index) expect(await client.pttl(key)).toBeGreaterThanOrEqual(answerTtl - 50);
      } finally {
        Date.now = realNow;
        client.disconnect();
        await redis.stop();
      }
    });

    it('keeps every key under ctrlgraph:cache: and expiring, and leaves none once the TTL has passed', async () => {
      // Each distinct operation text is an answer of its own: clients choose how many there are.
      const redis = await startRedis();
      const client = new Redis(redis.url);
      try {
        gateway = await startGateway({ cache: { ttlMs: 700 }, redisUrl: redis.url });
        const contacts = [...gateway.simulator.data.ctrlhub.contacts.keys()].slice(0, 40);
        for (const id of contacts)
          expect((await gateway.post({ query: `{ contact(id: "${id}") { id lastName } }` })).body.errors).toBeUndefined();
        const keys = await client.keys('*');
        expect(keys.length).toBeGreaterThan(contacts.length);
        expect(keys.filter((key) => !key.startsWith('ctrlgraph:cache:'))).toEqual([]);
        const ttls = await Promise.all(keys.map((key) => client.pttl(key)));
        expect(ttls.filter((ttl) => !(ttl > 0 && ttl <= 700))).toEqual([]);
        await new Promise((resolve) => setTimeout(resolve, 800));
        expect(await client.keys('*')).toEqual([]);
      } finally {
        client.disconnect();
        await redis.stop();
      }
    });
  },
);
