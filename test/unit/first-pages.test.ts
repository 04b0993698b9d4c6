import { describe, expect, it } from 'vitest';
import { type CombinedPage, readFirstPages } from '../../src/loaders/first-pages.js';

type Item = { owner: string; n: number };

/** An upstream in memory: each parent's list, combined in a fixed interleaving, with every read recorded. */
function upstream(lengths: Record<string, number>, { knowsTotal = true, grouped = false } = {}) {
  const all: Item[] = [];
  const longest = Math.max(...Object.values(lengths));
  if (grouped) for (const [owner, length] of Object.entries(lengths)) for (let n = 0; n < length; n += 1) all.push({ owner, n });
  else for (let n = 0; n < longest; n += 1) for (const [owner, length] of Object.entries(lengths)) if (n < length) all.push({ owner, n });
  const reads: { parents: string[]; offset: number; count: number }[] = [];
  const counts: string[] = [];
  return {
    all,
    reads,
    counts,
    readCombined: async (parents: readonly string[], offset: number, count: number): Promise<CombinedPage<Item>> => {
      reads.push({ parents: [...parents], offset, count });
      const combined = all.filter((item) => parents.includes(item.owner));
      return { items: combined.slice(offset, offset + count), total: knowsTotal ? combined.length : undefined };
    },
    countOne: async (parent: string) => {
      counts.push(parent);
      return lengths[parent];
    },
  };
}

const request = (api: ReturnType<typeof upstream>, parents: string[], first: number, withTotal = false) => ({
  parents,
  first,
  pageLimit: 10,
  withTotal,
  ownerOf: (item: Item) => item.owner,
  readCombined: api.readCombined,
  countOne: api.countOne,
});

describe('readFirstPages', () => {
  it('gives each parent its first items in its own order, with hasMore exact, from one combined read when it suffices', async () => {
    const api = upstream({ a: 5, b: 1, c: 0 });
    const { pages } = await readFirstPages(request(api, ['a', 'b', 'c'], 3));
    expect(pages.get('a')).toEqual({ items: [0, 1, 2].map((n) => ({ owner: 'a', n })), total: 5, hasMore: true });
    expect(pages.get('b')).toEqual({ items: [{ owner: 'b', n: 0 }], total: 1, hasMore: false });
    expect(pages.get('c')).toEqual({ items: [], total: 0, hasMore: false });
    // 3 parents × 4 wanted (first + 1) = 12, read as two whole pages of 10.
    expect(api.reads).toEqual([{ parents: ['a', 'b', 'c'], offset: 0, count: 20 }]);
  });

  it('reads further rounds only for the parents still short, from the offset they already hold', async () => {
    const api = upstream({ a: 30, b: 30 });
    const { pages } = await readFirstPages(request(api, ['a', 'b'], 12));
    expect(pages.get('a')?.items).toHaveLength(12);
    expect(pages.get('b')?.items.map((item) => item.n)).toEqual([...Array(12).keys()]);
    expect(pages.get('a')?.hasMore).toBe(true);
    // 26 wanted → 30 read (whole pages); each parent then holds 15 ≥ 13, so no second round.
    expect(api.reads).toEqual([{ parents: ['a', 'b'], offset: 0, count: 30 }]);
  });

  it('continues a straggler alone, from what it already holds, after the others are full, reading only what it lacks', async () => {
    const api = upstream({ a: 30, b: 30 }, { grouped: true });
    const { pages } = await readFirstPages(request(api, ['a', 'b'], 5));
    expect(api.reads).toEqual([
      { parents: ['a', 'b'], offset: 0, count: 20 },
      { parents: ['b'], offset: 0, count: 6 },
    ]);
    expect(pages.get('b')?.items.map((item) => item.n)).toEqual([0, 1, 2, 3, 4]);
  });

  it("reads one parent's list in one read of first + 1, not in whole pages", async () => {
    const api = upstream({ a: 30 });
    const { pages } = await readFirstPages(request(api, ['a'], 12));
    expect(pages.get('a')).toEqual({ items: [...Array(12).keys()].map((n) => ({ owner: 'a', n })), total: undefined, hasMore: true });
    // Its combined list is its own list: 13 items answer it, where whole pages would read 20 and drop 7.
    expect(api.reads).toEqual([{ parents: ['a'], offset: 0, count: 13 }]);
  });

  it('ends a lone short list in one read', async () => {
    const api = upstream({ a: 4 });
    const { pages } = await readFirstPages(request(api, ['a'], 12));
    expect(pages.get('a')).toEqual({ items: [...Array(4).keys()].map((n) => ({ owner: 'a', n })), total: 4, hasMore: false });
    expect(api.reads).toEqual([{ parents: ['a'], offset: 0, count: 13 }]);
  });

  it('starts after a prefix of the unfiltered list, which holds the start of every parent list', async () => {
    const api = upstream({ a: 30, b: 30, other: 30 });
    // a0 b0 other0 a1 b1 other1 a2 b2 other2: the org page the request already read.
    const prefix = api.all.slice(0, 9);
    const { pages } = await readFirstPages({ ...request(api, ['a', 'b'], 5), prefix });
    expect(pages.get('a')?.items.map((item) => item.n)).toEqual([0, 1, 2, 3, 4]);
    expect(pages.get('b')).toMatchObject({ hasMore: true });
    // Each holds 3 of the 6 it needs: 6 wanted, one page, from offset 6 of the combined list of a and b.
    expect(api.reads).toEqual([{ parents: ['a', 'b'], offset: 6, count: 10 }]);
  });

  it('reads nothing when the prefix already holds first + 1 items of every parent', async () => {
    const api = upstream({ a: 30, b: 30 });
    const { pages } = await readFirstPages({ ...request(api, ['a', 'b'], 2), prefix: api.all.slice(0, 8) });
    expect(pages.get('b')).toEqual({ items: [0, 1].map((n) => ({ owner: 'b', n })), total: undefined, hasMore: true });
    expect(api.reads).toEqual([]);
  });

  it('ends the rounds when the upstream does not know the total and answers a short page', async () => {
    const api = upstream({ a: 4, b: 3 }, { knowsTotal: false });
    const { pages } = await readFirstPages(request(api, ['a', 'b'], 2));
    expect(pages.get('a')).toMatchObject({ total: 4, hasMore: true });
    expect(api.reads).toHaveLength(1);
  });

  it('counts unfinished lists only when asked, one read per parent for two parents', async () => {
    const api = upstream({ a: 50, b: 50 });
    const quiet = await readFirstPages(request(api, ['a', 'b'], 2));
    expect(quiet.pages.get('a')?.total).toBeUndefined();
    expect(api.counts).toEqual([]);
    const counted = await readFirstPages(request(api, ['a', 'b'], 2, true));
    expect(counted.pages.get('a')?.total).toBe(50);
    expect(api.counts.sort()).toEqual(['a', 'b']);
    expect(counted.counts).toEqual([{ strategy: 'per-parent', reads: 2, parents: 2 }]);
  });

  it('counts many short unfinished lists by reading the rest of their combined list when that is fewer reads', async () => {
    const api = upstream({ a: 4, b: 4, c: 4, d: 4 });
    const result = await readFirstPages(request(api, ['a', 'b', 'c', 'd'], 1, true));
    expect(result.counts).toEqual([{ strategy: 'combined', reads: 1, parents: 4 }]);
    expect(api.counts).toEqual([]);
    for (const parent of ['a', 'b', 'c', 'd']) expect(result.pages.get(parent)).toMatchObject({ total: 4, hasMore: true });
  });
});
