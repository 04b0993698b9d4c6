import { describe, expect, it } from 'vitest';
import { decodeOffsetCursor, decodeUpstreamCursor, encodeOffsetCursor, encodeUpstreamCursor } from '../../src/pagination/cursor.js';
import { resolveOffsetPage } from '../../src/pagination/offset-connection.js';
import { pageRequest } from '../../src/pagination/relay-args.js';

const limits = { maxPageSize: 50, defaultPageSize: 20 };
const list = Array.from({ length: 23 }, (_, n) => n);
const fetchRange = async ({ offset, count }: { offset: number; count: number }) => ({
  items: list.slice(offset, offset + count),
  total: list.length,
  hasMore: offset + count < list.length,
});

describe('cursors', () => {
  it('round-trip offsets and upstream positions, whatever characters the upstream cursor holds', () => {
    for (const offset of [0, 1, 99, 100, 2 ** 31, Number.MAX_SAFE_INTEGER])
      expect(decodeOffsetCursor(encodeOffsetCursor({ offset }), 'after')).toEqual({ offset });
    for (const cursor of [null, '', 'abc', 'a:b/c?d=e', '😀 ü', '{"json":1}'])
      for (const [limit, skip] of [
        [1, 0],
        [100, 99],
      ] as const)
        expect(decodeUpstreamCursor(encodeUpstreamCursor({ cursor, limit, skip }), 'after')).toEqual({ cursor, limit, skip });
  });

  it('refuse a foreign or malformed cursor as BAD_USER_INPUT naming the argument', () => {
    for (const value of ['', 'abc', encodeUpstreamCursor({ cursor: 'x', limit: 1, skip: 0 })]) {
      expect(() => decodeOffsetCursor(value, 'before')).toThrow(
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
  it('walks forward with first/after and reports the page info exactly', async () => {
    const first = await resolveOffsetPage({ first: 10 }, limits, fetchRange);
    expect(first.edges.map((edge) => edge.node)).toEqual(list.slice(0, 10));
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const last = await resolveOffsetPage({ first: 10, after: first.edges[9]?.cursor ?? null }, limits, async (range) => fetchRange(range));
    expect(last.edges.map((edge) => edge.node)).toEqual(list.slice(10, 20));
    const end = await resolveOffsetPage({ first: 10, after: last.edges[9]?.cursor ?? null }, limits, fetchRange);
    expect(end.edges.map((edge) => edge.node)).toEqual(list.slice(20));
    expect(end.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('walks backward with last/before to the start', async () => {
    const tail = await resolveOffsetPage({ last: 5 }, limits, fetchRange);
    expect(tail.edges.map((edge) => edge.node)).toEqual(list.slice(18));
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true });
    const before = await resolveOffsetPage({ last: 30, before: tail.edges[0]?.cursor ?? null }, limits, fetchRange);
    expect(before.edges.map((edge) => edge.node)).toEqual(list.slice(0, 18));
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });
});
