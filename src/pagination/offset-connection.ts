import { Edge, type PageInfo } from './connection-shape.js';
import { decodeOffsetCursor, encodeOffsetCursor, type OffsetPosition } from './cursor.js';
import { pageRequest, type ConnectionArgs, type PageSizeLimits } from './relay-args.js';

/**
 * Relay connections over an offset-paginated list (Ctrl-Hub). A cursor is the edge's absolute
 * offset, so `after`/`before` become a range `[lower, upper)` and `first`/`last` cut it.
 */
export interface OffsetRange {
  offset: number;
  count: number;
}

/** What the data source returns for a range: the items, and what it knows of the list's end. */
export interface OffsetSlice<T> {
  items: T[];
  /** Size of the whole list, when the source knows it. */
  total: number | undefined;
  /** Whether the list goes on after the last returned item. */
  hasMore: boolean;
}

export interface OffsetPage<T> {
  edges: Edge<T, OffsetPosition>[];
  pageInfo: PageInfo;
  total: number | undefined;
}

/** Which way the client pages, how many edges, and the `[lower, upper)` range `after`/`before` allow. */
export interface OffsetPlan {
  direction: 'forward' | 'backward';
  size: number;
  lower: number;
  upper: number | null;
}

/** `list`: the `listTag` of the list being paged, which its cursors carry. */
export function planOffsetPage(args: ConnectionArgs, limits: PageSizeLimits, list: string): OffsetPlan {
  const request = pageRequest(args, limits);
  const lower = args.after ? decodeOffsetCursor(args.after, 'after', list).offset + 1 : 0;
  const upper = args.before ? decodeOffsetCursor(args.before, 'before', list).offset : null;
  return { ...request, lower, upper: upper === null ? null : Math.max(lower, upper) };
}

export async function resolveOffsetPage<T>(
  args: ConnectionArgs,
  limits: PageSizeLimits,
  list: string,
  fetchRange: (range: OffsetRange) => Promise<OffsetSlice<T>>,
): Promise<OffsetPage<T>> {
  const plan = planOffsetPage(args, limits, list);
  const edgeCursor = (position: OffsetPosition) => encodeOffsetCursor(position, list);
  if (plan.direction === 'forward') {
    const count = plan.upper === null ? plan.size : Math.min(plan.size, plan.upper - plan.lower);
    const slice = await fetchRange({ offset: plan.lower, count });
    // A source may return more than asked (a count of 0 still reads one item to learn the list's size).
    const items = slice.items.slice(0, count);
    const end = plan.lower + items.length;
    const hasNextPage =
      plan.upper !== null && slice.total !== undefined
        ? end < Math.min(plan.upper, slice.total)
        : plan.upper !== null && end >= plan.upper
          ? false
          : slice.items.length > items.length || slice.hasMore;
    return page(items, plan.lower, slice.total, edgeCursor, { hasNextPage, hasPreviousPage: plan.lower > 0 });
  }

  let upper = plan.upper;
  let total: number | undefined;
  if (upper === null) {
    // `last` without `before` counts back from the end, so the list's size comes first.
    const probe = await fetchRange({ offset: 0, count: 0 });
    total = probe.total;
    if (total === undefined)
      throw new Error('the upstream did not report the size of the list, so `last` without `before` cannot be served');
    upper = total;
  }
  let start = Math.max(plan.lower, upper - plan.size);
  let slice = upper > start ? await fetchRange({ offset: start, count: upper - start }) : { items: [], total, hasMore: false };
  total = slice.total ?? total;
  if (total !== undefined && upper > total) {
    // `before` past the end (the list has shrunk since the cursor was made): every edge is before it,
    // so the page is the list's last `last` edges, not an empty window beyond the end.
    upper = total;
    const clamped = Math.max(plan.lower, upper - plan.size);
    if (clamped !== start)
      slice = upper > clamped ? await fetchRange({ offset: clamped, count: upper - clamped }) : { items: [], total, hasMore: false };
    start = clamped;
  }
  return page(slice.items, start, total, edgeCursor, {
    hasPreviousPage: start > plan.lower,
    hasNextPage: total !== undefined ? upper < total : false,
  });
}

function page<T>(
  items: T[],
  start: number,
  total: number | undefined,
  edgeCursor: (position: OffsetPosition) => string,
  flags: { hasNextPage: boolean; hasPreviousPage: boolean },
): OffsetPage<T> {
  const edges = items.map((node, index) => new Edge(node, { offset: start + index }, edgeCursor));
  return {
    edges,
    pageInfo: { ...flags, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
    total,
  };
}
