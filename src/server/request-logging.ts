import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Plugin } from 'graphql-yoga';

/** One info line per HTTP request, with a request id that is also returned as `x-request-id`. */
export function useRequestLogging(logger: Logger): Plugin {
  const started = new WeakMap<Request, { id: string; at: number; operationName?: string }>();
  return {
    onRequest({ request }) {
      const given = request.headers.get('x-request-id');
      started.set(request, { id: given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID(), at: performance.now() });
    },
    onParams({ params, request }) {
      const entry = started.get(request);
      if (entry && params.operationName) entry.operationName = params.operationName;
    },
    onResponse({ request, response }) {
      const entry = started.get(request);
      if (!entry) return;
      response.headers.set('x-request-id', entry.id);
      const url = new URL(request.url);
      logger.info(
        {
          requestId: entry.id,
          method: request.method,
          path: url.pathname,
          status: response.status,
          operationName: entry.operationName,
          durationMs: Math.round(performance.now() - entry.at),
        },
        'request',
      );
    },
  };
}
