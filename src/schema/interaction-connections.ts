import type { GraphQLResolveInfo } from 'graphql';
import type { InteractionScope } from '../loaders/index.js';
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
  const page = await resolveOffsetPage(args, context.limits, (range) => context.loaders.ctrlhubInteractions.list(scope, range, options));
  return { edges: page.edges, pageInfo: page.pageInfo, totalCount: async () => page.total ?? null };
}

/** An Alpharun interaction connection over `readPage`, which pages forward through Alpharun's cursors. */
export function alpharunInteractionConnection(
  args: ConnectionArgs,
  context: GraphContext,
  readPage: (cursor: string | null, limit: number) => Promise<ContactInteractionsPage>,
) {
  return resolveUpstreamCursorPage<AlpharunInteraction>(
    args,
    { ...context.limits, upstreamPageLimit: context.limits.alpharunPageLimit },
    async (cursor, limit) => {
      const page = await readPage(cursor, limit);
      return { items: page.interactions, nextCursor: page.nextCursor };
    },
  );
}
