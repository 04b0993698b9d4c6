import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import { JSONResolver } from 'graphql-scalars';
import { badUserInput } from '../errors/index.js';
import { fieldComplexity } from './complexity.js';
import type { GraphContext } from './context.js';
import { DateTimeScalar } from './date-time.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';
import SyncNodeIdsPlugin from './sync-node-ids.js';

export const builder = new SchemaBuilder<{
  Context: GraphContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
  // Non-null unless said otherwise. A field that needs an upstream call of its own is nullable, so when
  // that call fails only the field is lost (with an error on its path), not its parent.
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  /** Every connection may count its list, lazily: only when the query selects `totalCount`. */
  Connection: { totalCount?: () => Promise<number | null> };
}>({
  // Federation after the others: it reads the finished types to build `_entities` and `_service`.
  // SyncNodeIds last: it replaces the relay plugin's `id` resolvers, and the last plugin wraps innermost.
  plugins: [RelayPlugin, DataloaderPlugin, ComplexityPlugin, DirectivesPlugin, FederationPlugin, SyncNodeIdsPlugin],
  defaultFieldNullability: false,
  // The plugin annotates every field with its cost; the check, remembered per operation and variables,
  // is `useQueryCost` (src/server/query-cost.ts), not the plugin's own walk of each request.
  complexity: { fieldComplexity, disabled: true },
  relay: {
    cursorType: 'String',
    // Relay mutations take an optional `clientMutationId` and hand it back in their payload.
    clientMutationId: 'optional',
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    // Relay subgraphs of one supergraph all define PageInfo; composition merges it only when shared.
    pageInfoTypeOptions: { shareable: true },
    encodeGlobalID: (typename, id) => encodeGlobalId(typename, id),
    decodeGlobalID: (globalId) => decodeGlobalId(globalId),
    nodesQueryOptions: {
      description: 'Fetches several objects by global id; unknown ids give `null`, in input order.',
      resolve: (_root, { ids }, context, _info, resolveNodes) => {
        if (ids.length > context.limits.maxNodes)
          throw badUserInput(`\`nodes\` accepts at most ${context.limits.maxNodes} ids per call, got ${ids.length}`, 'ids');
        return resolveNodes(ids);
      },
    },
  },
});

builder.addScalarType('DateTime', DateTimeScalar);
builder.addScalarType('JSON', JSONResolver);
builder.queryType({});
