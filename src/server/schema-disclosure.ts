import { GraphQLError, type ValidationRule } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/**
 * With introspection off, the schema is not for clients to read, through any door: the federation
 * field `_service { sdl }` prints it whole, and graphql-js's "Did you mean …?" hints (in validation
 * errors, and in variable coercion errors that only execution reports) name fields, arguments, input
 * fields and enum values one guess at a time. `useDisableIntrospection` closes `__schema` and `__type`;
 * this closes the rest.
 */
export function useNoSchemaDisclosure(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(noFederationSdl);
      return ({ valid, result, setResult }) => {
        if (!valid) setResult(result.map(withoutSuggestions));
      };
    },
    // Variable coercion errors never pass through validation; every result passes through here.
    onResultProcess({ result, setResult }) {
      if (isAsyncIterable(result)) return;
      const results = Array.isArray(result) ? result : [result];
      if (!results.some((single) => single.errors?.length)) return;
      const cleaned = results.map((single) => (single.errors ? { ...single, errors: single.errors.map(withoutSuggestions) } : single));
      setResult(Array.isArray(result) ? cleaned : (cleaned[0] as typeof result));
    },
  };
}

const noFederationSdl: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '_service' && context.getParentType() === context.getSchema().getQueryType()) {
      context.reportError(
        new GraphQLError('GraphQL introspection is disabled on this server, so `_service` (the schema as SDL) is not served', {
          nodes: node,
        }),
      );
    }
  },
});

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

function withoutSuggestions<E extends Error>(error: E): E | GraphQLError {
  if (!(error instanceof GraphQLError) || !error.message.includes('Did you mean')) return error;
  return new GraphQLError(error.message.replace(SUGGESTION, ''), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}
