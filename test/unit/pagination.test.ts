import { describe, expect, it } from 'vitest';
import {
  decodeOffsetCursor,
  decodeUpstreamCursor,
  encodeOffsetCursor,
  encodeUpstreamCursor,
  listTag,
} from '../../src/pagination/cursor.js';
import { resolveOffsetPage } from '../../src/pagination/offset-connection.js';
import { pageRequest } from '../../src/pagination/relay-args.js';

const limits = { maxPageSize: 50, defaultPageSize: 20 };
const LIST = listTag('the list under test');
const list = Array.from({ length: 23 }, (_, n) => n);
const fetchRange = async ({ offset, count }: { offset: number; count: number }) => ({
  items: list.slice(offset, offset + count),
  total: list.length,
  hasMore: offset + count < list.length,
});

describe('cursors', () => {
  it('round-trip offsets and upstream positions, whatever characters the upstream cursor holds', () => {
    for (const offset of [0, 1, 99, 100, 2 ** 31, Number.MAX_SAFE_INTEGER])
      expect(decodeOffsetCursor(encodeOffsetCursor({ offset }, LIST), 'after', LIST)).toEqual({ offset });
    for (const cursor of [null, ' ', 'abc', 'a:b/c?d=e', '😀 ü', '{"json":1}'])
      for (const [limit, skip] of [
        [1, 0],
        [100, 99],
      ] as const)
        expect(decodeUpstreamCursor(encodeUpstreamCursor({ cursor, limit, skip }, LIST), 'after', LIST, 100)).toEqual({
          cursor,
          limit,
          skip,
        });
  });

  it("refuse another list's cursor, and accept an offset cursor bound to no list (a mutation's edge) in any", () => {
    const other = listTag('another list');
    const foreign = expect.objectContaining({
      message: expect.stringContaining('another list'),
      extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'after' }),
    });
    expect(() => decodeOffsetCursor(encodeOffsetCursor({ offset: 3 }, other), 'after', LIST)).toThrow(foreign);
    expect(() => decodeUpstreamCursor(encodeUpstreamCursor({ cursor: 'c', limit: 5, skip: 1 }, other), 'after', LIST, 100)).toThrow(
      foreign,
    );
    expect(decodeOffsetCursor(encodeOffsetCursor({ offset: 0 }), 'after', LIST)).toEqual({ offset: 0 });
  });

  it('refuse an upstream position no edge of the connection has: an empty upstream cursor, a page over its limit', () => {
    for (const position of [
      { cursor: '', limit: 5, skip: 0 },
      { cursor: 'c', limit: 101, skip: 0 },
      { cursor: 'c', limit: 0, skip: 0 },
    ]) {
      expect(() => decodeUpstreamCursor(encodeUpstreamCursor(position, LIST), 'after', LIST, 100)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      );
    }
  });

  it('refuse a foreign or malformed cursor as BAD_USER_INPUT naming the argument', () => {
    for (const value of ['', 'abc', encodeUpstreamCursor({ cursor: 'x', limit: 1, skip: 0 }, LIST)]) {
      expect(() => decodeOffsetCursor(value, 'before', LIST)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'before' }) }),
      );
    }
  });
});

describe('pageRequest', () => {
  it('pages forward by the default size without first or last', () => {
    expect(pageRequest({}, limits)).toEqual({ direction: 'forward', size: 20 });
  });

  it.each([
    [{ first: 1, last: 1 }, 'first'],
    [{ first: 51 }, 'first'],
    [{ last: -1 }, 'last'],
  ])('refuses %o', (args, argument) => {
    expect(() => pageRequest(args, limits)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ argument }) }));
  });
});

describe('resolveOffsetPage', () => {
  it('reads a `before` past the end (the list shrank since) as the end: the last edges, not an empty page', async () => {
    const page = await resolveOffsetPage({ last: 5, before: encodeOffsetCursor({ offset: 100 }, LIST) }, limits, LIST, fetchRange);
    expect(page.edges.map((edge) => edge.node)).toEqual([18, 19, 20, 21, 22]);
    expect(page.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  it('walks forward with first/after and reports the page info exactly', async () => {
    const first = await resolveOffsetPage({ first: 10 }, limits, LIST, fetchRange);
    expect(first.edges.map((edge) => edge.node)).toEqual(list.slice(0, 10));
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const last = await resolveOffsetPage({ first: 10, after: first.edges[9]?.cursor ?? null }, limits, LIST, async (range) =>
      fetchRange(range),
    );
    expect(last.edges.map((edge) => edge.node)).toEqual(list.slice(10, 20));
    const end = await resolveOffsetPage({ first: 10, after: last.edges[9]?.cursor ?? null }, limits, LIST, fetchRange);
    expect(end.edges.map((edge) => edge.node)).toEqual(list.slice(20));
    expect(end.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('walks backward with last/before to the start', async () => {
    const tail = await resolveOffsetPage({ last: 5 }, limits, LIST, fetchRange);
    expect(tail.edges.map((edge) => edge.node)).toEqual(list.slice(18));
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true });
    const before = await resolveOffsetPage({ last: 30, before: tail.edges[0]?.cursor ?? null }, limits, LIST, fetchRange);
    expect(before.edges.map((edge) => edge.node)).toEqual(list.slice(0, 18));
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });
});
