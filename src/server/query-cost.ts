import { complexityFromQuery } from '@pothos/plugin-complexity';
import { type DocumentNode, type GraphQLSchema, getOperationAST, Kind, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { tooExpensive } from '../schema/complexity.js';
import type { GraphContext } from '../schema/context.js';

/** Costs remembered per operation, one per set of variables; a client that varies them endlessly starts it over. */
const VARIABLE_SETS_PER_OPERATION = 64;

/**
 * Refuses an operation whose cost (the schema's model, `src/schema/complexity.ts`) is over
 * `limits.maxCost`, before any resolver runs. The cost depends only on the operation, its variables
 * and the limits, so it is computed once per operation and set of variables: walking a document
 * with its arguments on every request was 5 % of the CPU of a 100-row page.
 */
export function useQueryCost(): Plugin<GraphContext> {
  const costs = new WeakMap<OperationDefinitionNode, Map<string, number>>();

  function costOf(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    context: GraphContext,
  ) {
    // Only the operation that runs (and the fragments) counts: the library would take the document's first.
    const selected: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: document.definitions.filter((definition) => definition === operation || definition.kind === Kind.FRAGMENT_DEFINITION),
    };
    return complexityFromQuery(selected, { schema, ctx: context, variables }).complexity;
  }

  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as GraphContext;
      const operation = getOperationAST(args.document, args.operationName);
      // No such operation: execution says so.
      if (!operation) return;
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const key = JSON.stringify(variables);
      let known = costs.get(operation);
      let cost = known?.get(key);
      if (cost === undefined) {
        try {
          cost = costOf(args.schema, args.document, operation, variables, context);
        } catch {
          // Variables that do not coerce: execution refuses them, with the reason, before any resolver runs.
          return;
        }
        if (!known) {
          known = new Map();
          costs.set(operation, known);
        }
        if (known.size >= VARIABLE_SETS_PER_OPERATION) known.clear();
        known.set(key, cost);
      }
      if (cost > context.limits.maxCost) setResultAndStopExecution({ errors: [tooExpensive(cost, context.limits.maxCost)] });
    },
  };
}
