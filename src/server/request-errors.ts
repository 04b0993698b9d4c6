import { GraphQLError, type ValidationRule } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/**
 * Every error a client gets carries `extensions.code`, also the two kinds graphql-js 16 raises
 * uncoded: an operation type the schema has no root for (`subscription`, refused at validation as
 * graphql-js 17's `KnownOperationTypesRule` does), and variable values that cannot be coerced
 * (a missing `ID!`, a string for an `Int`), which execution reports as request errors with no data.
 */
export function useCodedRequestErrors(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(knownOperationTypes);
    },
    // Every result passes through here, also those of errors raised before execution (the complexity
    // rule coerces the variables first); a result without `data` is a request error.
    onResultProcess({ result, setResult }) {
      if (isAsyncIterable(result) || Array.isArray(result) || 'data' in result) return;
      if (!result.errors?.some((error) => !error.extensions?.code)) return;
      setResult({ ...result, errors: result.errors.map(codedRequestError) });
    },
  };
}

const knownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    const schema = context.getSchema();
    const root =
      operation.operation === 'query'
        ? schema.getQueryType()
        : operation.operation === 'mutation'
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    if (!root) context.reportError(new GraphQLError(`This graph offers no ${operation.operation} operations`, { nodes: operation }));
  },
});

/**
 * An uncoded request error is the client's input, unless it refused the HTTP request itself with a
 * status of its own (CSRF prevention's 403, a mutation over GET's 405): that request is malformed.
 */
function codedRequestError(error: GraphQLError): GraphQLError {
  if (error.extensions?.code) return error;
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  const code = status !== undefined && status > 400 ? 'BAD_REQUEST' : 'BAD_USER_INPUT';
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}
