import type { PayloadError } from 'relay-runtime';

/** A GraphQL error as the gateway sends it: `extensions.code` is one of the codes in docs/errors.md. */
export type GraphQLError = PayloadError & { extensions?: { code?: unknown } };

export function codeOf(error: GraphQLError): string | undefined {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The error as a reader sees it: the gateway's message, and its code to quote when reporting it. */
export function describeError(error: GraphQLError): string {
  const code = codeOf(error);
  return code ? `${error.message} (${code})` : error.message;
}

/** Several errors (one per failed field), each once: the same upstream failure often nulls several fields. */
export function describeErrors(errors: readonly GraphQLError[]): string {
  return [...new Set(errors.map(describeError))].join(' ');
}
