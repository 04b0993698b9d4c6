import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { BREAK, visit, type DocumentNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

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

/**
 * `@defer` / `@stream`: slow parts of an answer (Alpharun, long lists) arrive as later parts of a
 * multipart (or SSE) response. A client that cannot read those gets a 406 with a reason before any
 * upstream call, rather than Yoga's empty 406 after the work is done.
 */
export function incrementalDelivery(): Plugin[] {
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
  return [useDeferStream(), refuseUnreadable];
}
