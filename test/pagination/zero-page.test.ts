import { describe, expect, it } from 'vitest';
import { encodeOffsetCursor, listTag } from '../../src/pagination/cursor.js';
import { resolveOffsetPage, type OffsetRange, type OffsetSlice } from '../../src/pagination/offset-connection.js';
import { resolveUpstreamCursorPage, type UpstreamCursorPage } from '../../src/pagination/upstream-cursor-connection.js';

/** `first: 0` is a page of zero edges (Relay Cursor Connections), whatever its data source returns. */
const LIMITS = { maxPageSize: 500, defaultPageSize: 20 };
const ITEMS = Array.from({ length: 10 }, (_, index) => `item-${index}`);
const LIST = listTag('the list under test');

/** An offset source like Ctrl-Hub's range reader: a count of 0 still reads one item, to learn the size. */
const offsetSource = async ({ offset, count }: OffsetRange): Promise<OffsetSlice<string>> => {
  const items = ITEMS.slice(offset, offset + Math.max(count, 1));
  return { items, total: ITEMS.length, hasMore: offset + items.length < ITEMS.length };
};

/** A cursor source like Alpharun's: pages of `limit` items, the cursor is the next offset. */
const cursorSource = async (cursor: string | null, limit: number): Promise<UpstreamCursorPage<string>> => {
  const start = cursor === null ? 0 : Number(cursor);
  const end = start + limit;
  return { items: ITEMS.slice(start, end), nextCursor: end < ITEMS.length ? String(end) : null };
};

describe('first: 0 on an offset connection', () => {
  it('returns no edges and says more follow', async () => {
    const page = await resolveOffsetPage({ first: 0 }, LIMITS, LIST, offsetSource);
    expect(page.edges).toEqual([]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null });
    expect(page.total).toBe(10);
  });

  it('returns no edges after a cursor, not the item after it', async () => {
    const page = await resolveOffsetPage({ first: 0, after: encodeOffsetCursor({ offset: 3 }, LIST) }, LIMITS, LIST, offsetSource);
    expect(page.edges).toEqual([]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true, startCursor: null, endCursor: null });
  });

  it('says nothing follows after the last item', async () => {
    const page = await resolveOffsetPage({ first: 0, after: encodeOffsetCursor({ offset: 9 }, LIST) }, LIMITS, LIST, offsetSource);
    expect(page.edges).toEqual([]);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  it('keeps last: 0 at zero edges', async () => {
    const page = await resolveOffsetPage({ last: 0 }, LIMITS, LIST, offsetSource);
    expect(page.edges).toEqual([]);
    expect(page.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });
});

describe('first: 0 on a cursor connection', () => {
  const limits = { ...LIMITS, upstreamPageLimit: 100 };

  it('returns no edges and says more follow', async () => {
    const page = await resolveUpstreamCursorPage({ first: 0 }, limits, LIST, cursorSource);
    expect(page.edges).toEqual([]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it('returns no edges after a cursor', async () => {
    const first = await resolveUpstreamCursorPage({ first: 3 }, limits, LIST, cursorSource);
    const page = await resolveUpstreamCursorPage({ first: 0, after: first.pageInfo.endCursor }, limits, LIST, cursorSource);
    expect(page.edges).toEqual([]);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true, startCursor: null, endCursor: null });
  });
});
