import { GraphQLError, Kind, type SelectionSetNode, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * At most `maxMutations` mutation fields per operation. Each one is an upstream write (a `POST` is
 * never retried and cannot be undone), and the rate limit counts requests, not writes: without this,
 * 30 aliases of `logInteraction` make 30 interactions for the price of one request, and a failure
 * half-way leaves the client to find out which of them were made.
 */
export function useMutationLimit(maxMutations: number): Plugin {
  const rule = mutationLimitRule(maxMutations);
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}

export function mutationLimitRule(maxMutations: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      if (operation.operation !== 'mutation') return;
      const keys = new Set<string>();
      const visited = new Set<string>();
      // Fields merge by response key (alias or name), so each distinct key executes once; fragments count
      // wherever they are spread, and `@skip`/`@include` are not looked at (variables may change them).
      const collect = (selectionSet: SelectionSetNode) => {
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.FIELD) {
            if (!selection.name.value.startsWith('__')) keys.add(selection.alias?.value ?? selection.name.value);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            collect(selection.selectionSet);
          } else if (!visited.has(selection.name.value)) {
            visited.add(selection.name.value);
            const fragment = context.getFragment(selection.name.value);
            if (fragment) collect(fragment.selectionSet);
          }
        }
      };
      collect(operation.selectionSet);
      if (keys.size > maxMutations) {
        context.reportError(
          new GraphQLError(
            `An operation may make at most ${maxMutations} mutations; this one makes ${keys.size}. Send the others in further requests.`,
            { nodes: [operation], extensions: { code: 'GRAPHQL_VALIDATION_FAILED', maxMutations } },
          ),
        );
      }
    },
  });
}
