import { badUserInput } from '../errors/index.js';
import { Edge, type PageInfo } from './connection-shape.js';
import { decodeUpstreamCursor, encodeUpstreamCursor, type UpstreamCursorPosition } from './cursor.js';
import { pageRequest, type ConnectionArgs, type PageSizeLimits } from './relay-args.js';

/**
 * Relay connections over a cursor-paginated upstream (Alpharun). Each edge's cursor records how to
 * get back to it — the upstream page it came from (cursor and limit) and how many items to skip —
 * so paging can resume after any edge, not only after the last one of a page.
 */
export interface UpstreamCursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorConnectionPage<T> {
  edges: Edge<T, UpstreamCursorPosition>[];
  pageInfo: PageInfo;
}

/** Guards against an upstream that keeps answering empty pages with a next cursor. */
const MAX_EMPTY_PAGES = 5;

/** `list`: the `listTag` of the list being paged, which its cursors carry. */
export async function resolveUpstreamCursorPage<T>(
  args: ConnectionArgs,
  limits: PageSizeLimits & { upstreamPageLimit: number },
  list: string,
  fetchPage: (cursor: string | null, limit: number) => Promise<UpstreamCursorPage<T>>,
): Promise<CursorConnectionPage<T>> {
  if ((args.last !== undefined && args.last !== null) || args.before) {
    throw badUserInput(
      'This connection pages forward only (its upstream has no backward paging): use `first` and `after` instead of `last`/`before`',
      args.before ? 'before' : 'last',
    );
  }
  const { size } = pageRequest(args, limits);
  const pageLimit = (wanted: number) => Math.min(limits.upstreamPageLimit, Math.max(1, wanted));
  let position: UpstreamCursorPosition = args.after
    ? decodeUpstreamCursor(args.after, 'after', list, limits.upstreamPageLimit)
    : { cursor: null, limit: pageLimit(size), skip: 0 };
  // A position at the start of a page can use any page size; one inside a page must replay that page exactly.
  if (position.skip === 0) position = { ...position, limit: pageLimit(size) };

  const edgeCursor = (position: UpstreamCursorPosition) => encodeUpstreamCursor(position, list);
  const edges: CursorConnectionPage<T>['edges'] = [];
  let hasNextPage = false;
  let emptyPages = 0;
  for (;;) {
    const page = await fetchPage(position.cursor, position.limit);
    const { cursor, limit } = position;
    let index = position.skip;
    for (; index < page.items.length && edges.length < size; index += 1) {
      const atPageEnd = index === page.items.length - 1 && page.nextCursor !== null;
      const resumeAt = atPageEnd ? { cursor: page.nextCursor, limit, skip: 0 } : { cursor, limit, skip: index + 1 };
      edges.push(new Edge(page.items[index] as T, resumeAt, edgeCursor));
    }
    if (index < page.items.length) {
      hasNextPage = true;
      break;
    }
    // A next cursor that names the page just read would repeat it: that is the end, not more.
    hasNextPage = page.nextCursor !== null && page.nextCursor !== cursor;
    if (!hasNextPage || edges.length >= size) break;
    emptyPages = page.items.length === 0 ? emptyPages + 1 : 0;
    if (emptyPages >= MAX_EMPTY_PAGES) break;
    position = { cursor: page.nextCursor, limit: pageLimit(size - edges.length), skip: 0 };
  }

  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
