import { GraphQLError, getNamedType, isListType, isNonNullType, type GraphQLField, type GraphQLOutputType } from 'graphql';
import type { FieldComplexityValue } from '@pothos/plugin-complexity';
import type { GraphContext } from './context.js';

/** Cost of a list other than a connection (contacts of an interaction, custom fields, meters). */
const SHORT_LIST_MULTIPLIER = 5;

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/**
 * The cost model, in one place: a connection multiplies its children by the page it asks for
 * (`first`/`last`, else the default page size), `nodes` by its ids, and `edges` adds nothing more.
 * So `interactions(first: 100) { edges { node { contact { interactions(first: 50) … } } } }` costs
 * about 100 × 50 × the innermost selection, which is what it would cost upstream.
 */
export function fieldComplexity(
  args: Record<string, unknown>,
  context: GraphContext,
  field: GraphQLField<unknown, GraphContext>,
): FieldComplexityValue {
  const page = (args.first ?? args.last) as number | null | undefined;
  // Page sizes beyond the maximum are clamped here: the connection then refuses them with a clearer message.
  if (field.args.some((arg) => arg.name === 'first'))
    return { field: 1, multiplier: Math.min(context.limits.maxPageSize, Math.max(1, page ?? context.limits.defaultPageSize)) };
  if (field.name === 'nodes' && Array.isArray(args.ids)) return { field: 1, multiplier: Math.max(1, args.ids.length) };
  if (field.name === 'edges' && getNamedType(field.type).name.endsWith('Edge')) return { field: 0, multiplier: 1 };
  return isList(field.type) ? { field: 1, multiplier: SHORT_LIST_MULTIPLIER } : 1;
}

/** The answer to an operation that costs more than the limit (`useQueryCost` checks it before execution). */
export function tooExpensive(cost: number, maxCost: number): GraphQLError {
  return new GraphQLError(
    `This query is too expensive: its complexity is ${cost}, the limit is ${maxCost}. Ask for smaller pages (\`first\`/\`last\`) or fewer nested connections.`,
    { extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost } },
  );
}
