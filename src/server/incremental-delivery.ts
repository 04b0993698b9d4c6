import { handleStreamOrSingleExecutionResult } from '@envelop/core';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { BREAK, type DocumentNode, type GraphQLError, visit } from 'graphql';
import { createGraphQLError, type MaskError, type Plugin } from 'graphql-yoga';

const incremental = new WeakMap<DocumentNode, boolean>();

/** Whether a document asks for `@defer` or `@stream` anywhere (remembered per parsed document). */
export function usesIncrementalDelivery(document: DocumentNode): boolean {
  let uses = incremental.get(document);
  if (uses === undefined) {
    uses = false;
    visit(document, {
      Directive(node) {
        if (node.name.value === 'defer' || node.name.value === 'stream') {
          uses = true;
          return BREAK;
        }
        return undefined;
      },
    });
    incremental.set(document, uses);
  }
  return uses;
}

/** A later part of an incremental answer: the errors of each of its increments are its own. */
interface IncrementalPart {
  incremental?: readonly { errors?: readonly GraphQLError[] }[];
}

/**
 * `@defer` / `@stream`: slow parts of an answer (Alpharun, long lists) arrive as later parts of a
 * multipart (or SSE) response. A client that cannot read those gets a 406 with a reason before any
 * upstream call, rather than Yoga's empty 406 after the work is done. `maskError` is applied to the
 * errors of each increment too: Yoga masks only a part's top-level errors, so an upstream failure in
 * a deferred field reached the client as the upstream's own words, without a code.
 */
export function incrementalDelivery(maskError: MaskError): Plugin[] {
  const maskIncrements: Plugin = {
    onExecute({ args }) {
      if (!usesIncrementalDelivery(args.document)) return undefined;
      return {
        onExecuteDone: (payload) =>
          handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
            const { incremental: increments } = result as IncrementalPart;
            if (!increments?.some((increment) => increment.errors?.length)) return;
            setResult({
              ...result,
              incremental: increments.map((increment) =>
                increment.errors
                  ? { ...increment, errors: increment.errors.map((error) => maskError(error, 'Unexpected error.')) }
                  : increment,
              ),
            } as typeof result);
          }),
      };
    },
  };
  const refuseUnreadable: Plugin<{ request: Request }> = {
    onExecute({ args, setResultAndStopExecution }) {
      const accept = args.contextValue.request.headers.get('accept');
      if (!accept || /multipart\/mixed|text\/event-stream|\*\/\*/.test(accept) || !usesIncrementalDelivery(args.document)) return;
      setResultAndStopExecution({
        errors: [
          createGraphQLError('@defer and @stream need a response in parts: send `Accept: multipart/mixed` (or `text/event-stream`)', {
            extensions: { code: 'NOT_ACCEPTABLE', http: { status: 406 } },
          }),
        ],
      });
    },
  };
  return [useDeferStream(), maskIncrements, refuseUnreadable];
}
