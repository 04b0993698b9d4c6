import type { GraphQLResolveInfo } from 'graphql';
import { ctrlhubFilters, type InteractionScope } from '../loaders/index.js';
import type { InteractionFilters } from '../upstream/ctrlhub/types.js';
import { listTag } from '../pagination/cursor.js';
import { resolveOffsetPage } from '../pagination/offset-connection.js';
import type { ConnectionArgs } from '../pagination/relay-args.js';
import { resolveUpstreamCursorPage } from '../pagination/upstream-cursor-connection.js';
import type { AlpharunInteraction, ContactInteractionsPage } from '../upstream/alpharun/types.js';
import type { GraphContext } from './context.js';
import { selectedRelations, selectsField } from './selection.js';

/** A Ctrl-Hub interaction connection (org-wide or one parent's), planned from the query's selection. */
export async function ctrlhubInteractionConnection(
  scope: InteractionScope,
  args: ConnectionArgs,
  context: GraphContext,
  info: GraphQLResolveInfo,
) {
  const options = { related: selectedRelations(info), withTotal: selectsField(info, 'totalCount') };
  const list = listTag(`ctrlhub interactions ${JSON.stringify(scopeIdentity(scope))}`);
  const page = await resolveOffsetPage(args, context.limits, list, (range) =>
    context.loaders.ctrlhubInteractions.list(scope, range, options),
  );
  return { edges: page.edges, pageInfo: page.pageInfo, totalCount: async () => page.total ?? null };
}

/**
 * A scope as the Ctrl-Hub list it reads, so that cursors pass between connections over one list: a
 * contact's `interactions` is `interactions(filter: { contactIds: [its id] })`, and two filters that
 * send Ctrl-Hub the same ids, in any order or spelling, are one list.
 */
function scopeIdentity(scope: InteractionScope): [string, string[]][] {
  const filters: InteractionFilters = 'filter' in scope ? ctrlhubFilters(scope.filter) : { [`${scope.parent}Ids`]: [scope.id ?? ''] };
  return Object.entries(filters)
    .flatMap(([key, ids]): [string, string[]][] => (ids ? [[key, [...ids].sort()]] : []))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * An Alpharun interaction connection over `readPage`, which pages forward through Alpharun's cursors.
 * `list` names the list read (the field and its parent's key), so a cursor of another parent's is refused.
 */
export function alpharunInteractionConnection(
  list: string,
  args: ConnectionArgs,
  context: GraphContext,
  readPage: (cursor: string | null, limit: number) => Promise<ContactInteractionsPage>,
) {
  return resolveUpstreamCursorPage<AlpharunInteraction>(
    args,
    { ...context.limits, upstreamPageLimit: context.limits.alpharunPageLimit },
    listTag(`alpharun interactions ${list}`),
    async (cursor, limit) => {
      const page = await readPage(cursor, limit);
      return { items: page.interactions, nextCursor: page.nextCursor };
    },
  );
}
