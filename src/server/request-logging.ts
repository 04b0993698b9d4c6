import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { isOperationName } from '../observability/operation-names.js';
import { requestPath } from './routes.js';

/** What the `request` line of one HTTP request learns after it arrives. */
export interface RequestLogEntry {
  operationName?: string;
}

/** The caller's own id is kept when it is one a log search can take verbatim. */
const CALLER_ID = /^[\w.-]{1,64}$/;

/**
 * One `request` line per HTTP request, with an id also returned as `x-request-id`. It is kept at the
 * HTTP layer, not in Yoga, because many answers never reach Yoga (refusals of the rate limit, the
 * admission queue, the body limit and the router, the app's files): an operator counting 429s or
 * following a client's id finds them in the log like any other.
 */
export function createRequestLog(logger: Logger): {
  /** Called as a request arrives: names the answer's id, and logs the line once the answer has ended. */
  begin(request: IncomingMessage, response: ServerResponse): RequestLogEntry;
  /** Adds the operation's name to the line once Yoga has read the request's parameters. */
  plugin: Plugin<object, { requestLog?: RequestLogEntry }>;
} {
  return {
    begin(request, response) {
      const at = performance.now();
      const given = request.headers['x-request-id'];
      const id = typeof given === 'string' && CALLER_ID.test(given) ? given : randomUUID();
      const entry: RequestLogEntry = {};
      response.setHeader('x-request-id', id);
      if (!logger.isLevelEnabled('info')) return entry;
      // 'close' follows a finished answer and a client that left alike; the line says which it was.
      response.once('close', () => {
        logger.info(
          {
            requestId: id,
            method: request.method,
            // Never the query string: a GET carries the operation and its variables there.
            path: requestPath(request.url ?? '') ?? '(unroutable)',
            status: response.statusCode,
            operationName: entry.operationName,
            durationMs: Math.round(performance.now() - at),
            ...(response.writableFinished ? {} : { aborted: true }),
          },
          'request',
        );
      });
      return entry;
    },
    plugin: {
      onParams({ params, context }) {
        // The name is the client's to choose: a line carries it only when it could name an operation.
        if (context.requestLog && isOperationName(params.operationName)) context.requestLog.operationName = params.operationName;
      },
    },
  };
}
