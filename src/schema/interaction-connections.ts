import type { GraphQLResolveInfo } from 'graphql';
import { badUserInput } from '../errors/index.js';
import type { InteractionScope } from '../loaders/index.js';
import { resolveOffsetPage } from '../pagination/offset-connection.js';
import type { ConnectionArgs } from '../pagination/relay-args.js';
import { resolveUpstreamCursorPage } from '../pagination/upstream-cursor-connection.js';
import type { AlpharunInteraction, ContactInteractionsPage } from '../upstream/alpharun/types.js';
import { UpstreamHttpError } from '../upstream/http/errors.js';
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
  const page = await resolveOffsetPage(args, context.limits, (range) => context.loaders.interactionLists.range(scope, range, options));
  return { edges: page.edges, pageInfo: page.pageInfo, totalCount: async () => page.total ?? null };
}

/** A connection with nothing in it, answered without asking any upstream. */
export function emptyConnection() {
  return {
    edges: [],
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    totalCount: async () => 0,
  };
}

/** An Alpharun interaction connection over `fetchPage`; `null` pages (unknown contact) make an empty connection. */
export async function alpharunInteractionConnection(
  args: ConnectionArgs,
  context: GraphContext,
  fetchPage: (cursor: string | null, limit: number) => Promise<ContactInteractionsPage | null>,
) {
  return resolveUpstreamCursorPage<AlpharunInteraction>(
    args,
    { ...context.limits, upstreamPageLimit: context.limits.alpharunPageLimit },
    async (cursor, limit) => {
      try {
        const page = await fetchPage(cursor, limit);
        return page ? { items: page.interactions, nextCursor: page.nextCursor } : { items: [], nextCursor: null };
      } catch (error) {
        // Alpharun cursors are opaque and may expire; a refused one is the client's cursor to replace.
        if (cursor !== null && error instanceof UpstreamHttpError && error.status === 400) {
          throw badUserInput('Alpharun no longer accepts this `after` cursor (its cursors expire); page again from the start', 'after');
        }
        throw error;
      }
    },
  );
}
