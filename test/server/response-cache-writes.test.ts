import { print } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogInteractionDocument, ReassignInteractionDocument, UpdateInteractionDocument } from '../__generated__/graphql.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import type { InteractionResource } from '../../src/upstream/ctrlhub/types.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';
import { redisMissingReason, redisServerBinary, startRedis, type RunningRedis } from '../support/redis.js';

/**
 * With the response cache on, a write makes every cached answer it changed stale: the next read asks
 * upstream and shows the write. Each store (process memory, Redis) runs the same specification.
 */
function writesInvalidateTheCache(store: () => { ttlMs: number; redisUrl?: string }) {
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await startGateway({ cache: store(), tuning: { callTimeoutMs: 1500 } });
  });
  afterAll(() => gateway.close());
  beforeEach(() => {
    gateway.resetRequests();
    gateway.simulator.clearFaults();
  });

  const someInteraction = (index: number) => gateway.simulator.data.ctrlhub.interactions[index + 200] as InteractionResource;
  const contactOf = (interaction: InteractionResource) => interaction.relationships?.contact?.data?.id as string;
  /** Posts `query` twice, proving the second answer came from the cache; returns it. */
  async function cached(query: string, variables: Record<string, unknown> = {}) {
    const first = await gateway.post({ query, variables });
    expect(first.body.errors).toBeUndefined();
    const sent = gateway.requests().length;
    const second = await gateway.post({ query, variables });
    expect(second.body).toEqual(first.body);
    expect(gateway.requests()).toHaveLength(sent);
    return first.body.data;
  }

  it('shows the new interaction in a cached organisation list right after logInteraction', async () => {
    const query = '{ interactions(first: 5) { totalCount edges { node { id notes } } } }';
    const before = (await cached(query)) as { interactions: { totalCount: number } };
    const logged = await gateway.execute(LogInteractionDocument, {
      input: { method: 'EMAIL', direction: 'INBOUND', dateTime: '2026-12-02T12:00:00Z', notes: 'fresh' },
    });
    const id = logged.data?.logInteraction?.interaction?.id;
    const after = await gateway.post({ query });
    const list = (after.body.data as { interactions: { totalCount: number; edges: { node: { id: string; notes: string } }[] } })
      .interactions;
    expect(list.edges.map((edge) => edge.node.id)).toContain(id);
    expect(list.totalCount).toBe(before.interactions.totalCount + 1);
  });

  it("refreshes a cached contact's list and a cached count with no edges in it", async () => {
    const contactId = encodeGlobalId('Contact', contactOf(someInteraction(0)));
    const list = 'query ($id: ID!) { contact(id: $id) { interactions(first: 3) { edges { node { id } } } } }';
    const count = '{ interactions { totalCount } }';
    await cached(list, { id: contactId });
    const total = ((await cached(count)) as { interactions: { totalCount: number } }).interactions.totalCount;
    const logged = await gateway.execute(LogInteractionDocument, {
      input: { method: 'SMS', direction: 'OUTBOUND', dateTime: '2026-12-02T12:30:00Z', contactId },
    });
    const id = logged.data?.logInteraction?.interaction?.id;
    const refreshed = await gateway.post({ query: list, variables: { id: contactId } });
    expect(JSON.stringify(refreshed.body.data)).toContain(String(id));
    expect((await gateway.post({ query: count })).body.data).toEqual({ interactions: { totalCount: total + 1 } });
  });

  it('shows an update in a cached node(id:) answer', async () => {
    const target = someInteraction(1);
    const query = 'query ($id: ID!) { node(id: $id) { ... on CtrlHubInteraction { notes } } }';
    const id = encodeGlobalId('CtrlHubInteraction', target.id);
    await cached(query, { id });
    await gateway.execute(UpdateInteractionDocument, { input: { id, notes: 'corrected' } });
    expect((await gateway.post({ query, variables: { id } })).body.data).toEqual({ node: { notes: 'corrected' } });
  });

  it("shows a reassignment in the new representative's cached count", async () => {
    const target = someInteraction(2);
    const colleague = [...gateway.simulator.data.ctrlhub.users.keys()].find(
      (user) => user !== target.relationships?.representative?.data?.id,
    ) as string;
    const query = 'query ($id: ID!) { representative(id: $id) { interactions { totalCount } } }';
    const variables = { id: encodeGlobalId('Representative', colleague) };
    const before = (await cached(query, variables)) as { representative: { interactions: { totalCount: number } } };
    await gateway.execute(ReassignInteractionDocument, { input: { id: target.id, representativeId: colleague } });
    expect((await gateway.post({ query, variables })).body.data).toEqual({
      representative: { interactions: { totalCount: before.representative.interactions.totalCount + 1 } },
    });
  });

  it('never answers a mutation from the cache: the same logInteraction sent twice logs twice', async () => {
    const input = { method: 'LETTER', direction: 'OUTBOUND', dateTime: '2026-12-02T13:00:00Z', notes: 'same twice' } as const;
    const first = await gateway.execute(LogInteractionDocument, { input });
    const second = await gateway.execute(LogInteractionDocument, { input });
    expect(second.data?.logInteraction?.interaction?.id).not.toBe(first.data?.logInteraction?.interaction?.id);
    expect(gateway.requests('ctrlhub').filter((request) => request.method === 'POST')).toHaveLength(2);
  });

  it('drops what a write whose outcome is unknown may have changed: checking before sending it again finds it', async () => {
    const query = '{ interactions(first: 1) { totalCount } }';
    const before = (await cached(query)) as { interactions: { totalCount: number } };
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'POST', effect: { kind: 'hang', afterApplying: true } });
    const input = { method: 'LETTER', direction: 'OUTBOUND', dateTime: '2026-12-02T13:00:00Z', notes: 'lost answer' } as const;
    const lost = await gateway.execute(LogInteractionDocument, { input });
    expect(lost.errors?.[0]?.extensions?.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    gateway.simulator.clearFaults();
    const after = await gateway.post({ query });
    expect(after.body.data).toEqual({ interactions: { totalCount: before.interactions.totalCount + 1 } });
  });

  it('drops what a write may have changed when its client leaves before the answer', async () => {
    const query = '{ interactions(first: 1) { totalCount } }';
    const before = (await cached(query)) as { interactions: { totalCount: number } };
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'POST', effect: { kind: 'hang', afterApplying: true } });
    const leaving = new AbortController();
    const input = { method: 'LETTER', direction: 'OUTBOUND', dateTime: '2026-12-02T13:00:00Z', notes: 'client gone' } as const;
    const write = fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: print(LogInteractionDocument), variables: { input } }),
      signal: leaving.signal,
    }).catch(() => undefined);
    for (let waited = 0; !gateway.requests('ctrlhub').some((request) => request.method === 'POST') && waited < 2000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    leaving.abort();
    await write;
    gateway.simulator.clearFaults();
    let total = before.interactions.totalCount;
    for (let waited = 0; total === before.interactions.totalCount && waited < 2000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      total = ((await gateway.post({ query })).body.data as { interactions: { totalCount: number } }).interactions.totalCount;
    }
    expect(total).toBe(before.interactions.totalCount + 1);
  });

  it('does not store a read that began before a write and ended after it', async () => {
    const query = '{ interactions(first: 1) { edges { node { notes } } } }';
    // The upstream answers this read with the list as it is now, and takes its time sending it.
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'GET', times: 1, effect: { kind: 'slowBody', delayMs: 600 } });
    const slow = gateway.post({ query });
    for (let waited = 0; gateway.requests('ctrlhub').length === 0 && waited < 2000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const input = { method: 'LETTER', direction: 'OUTBOUND', dateTime: '2026-12-02T13:00:00Z', notes: 'written meanwhile' } as const;
    expect((await gateway.execute(LogInteractionDocument, { input })).errors).toBeUndefined();
    const answered = await slow;
    expect(answered.body.data).not.toEqual({ interactions: { edges: [{ node: { notes: 'written meanwhile' } }] } });
    const after = await gateway.post({ query });
    expect(after.body.data).toEqual({ interactions: { edges: [{ node: { notes: 'written meanwhile' } }] } });
  });

  it('does not let a read that began after a write stand in for an overlapping one that began before it', async () => {
    // Reads of one key overlap: the guard counts per request, not per key.
    const interaction = someInteraction(7);
    const id = encodeGlobalId('CtrlHubInteraction', interaction.id);
    const query = 'query ($id: ID!) { node(id: $id) { ... on CtrlHubInteraction { notes } } }';
    const reachedUpstream = async (count: number) => {
      for (let waited = 0; gateway.requests('ctrlhub').length < count && waited < 3000; waited += 10)
        await new Promise((resolve) => setTimeout(resolve, 10));
    };
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'GET', times: 1, effect: { kind: 'slowBody', delayMs: 800 } });
    const before = gateway.post({ query, variables: { id } });
    await reachedUpstream(1);
    expect((await gateway.post({ query, variables: { id } })).body.errors).toBeUndefined();
    const written = await gateway.execute(UpdateInteractionDocument, { input: { id, notes: 'after the overlapping write' } });
    expect(written.errors).toBeUndefined();
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'GET', times: 1, effect: { kind: 'slowBody', delayMs: 1200 } });
    const sent = gateway.requests('ctrlhub').length;
    const after = gateway.post({ query, variables: { id } });
    await reachedUpstream(sent + 1);
    await Promise.all([before, after]);
    const last = await gateway.post({ query, variables: { id } });
    expect(last.body.data).toEqual({ node: { notes: 'after the overlapping write' } });
  });

  it('keeps cached answers a refused write did not change', async () => {
    const query = '{ interactions(first: 2) { edges { node { id } } } }';
    await cached(query);
    const refused = await gateway.execute(UpdateInteractionDocument, { input: { id: 'no-such-interaction', notes: 'x' } });
    expect(refused.data?.updateInteraction?.userErrors).toHaveLength(1);
    const sent = gateway.requests().length;
    await gateway.post({ query });
    expect(gateway.requests()).toHaveLength(sent);
  });
}

describe('writes and the in-memory response cache', () => {
  writesInvalidateTheCache(() => ({ ttlMs: 60_000 }));
});

if (!redisServerBinary) console.warn(`Redis write-invalidation tests ${redisMissingReason}`);
describe.skipIf(!redisServerBinary)(
  redisServerBinary ? 'writes and the Redis response cache' : `writes and the Redis response cache — ${redisMissingReason}`,
  () => {
    let redis: RunningRedis;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(() => redis.stop());
    writesInvalidateTheCache(() => ({ ttlMs: 60_000, redisUrl: redis.url }));
  },
);
