import { setMaxListeners } from 'node:events';
import type { ServerResponse } from 'node:http';

/** How long past its deadline a request's answer may wait for its client to read it. */
const UNREAD_GRACE_MS = 1_000;

/**
 * The deadline of one HTTP request, owned by the server: a plain timer, cleared when the response
 * closes. `AbortSignal.timeout()` held only by `AbortSignal.any()` can be garbage-collected before it
 * fires (the deadline was lost under load), and Yoga's `request.signal` is not a native `AbortSignal`
 * on every Node line, so neither is used. A client that leaves early aborts the same signal.
 */
export function requestDeadline(response: ServerResponse, timeoutMs: number): AbortSignal {
  const controller = new AbortController();
  // Each upstream call of the request follows this signal until it ends; a wide page has dozens at once.
  setMaxListeners(0, controller.signal);
  let unread: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    controller.abort(new DOMException(`the request deadline of ${timeoutMs} ms has passed`, 'TimeoutError'));
    // The aborted work answers within moments; an answer still not taken by then is a client that does
    // not read it, holding the answer's memory and its connection: end the connection.
    unread = setTimeout(() => {
      if (!response.writableFinished) response.destroy();
    }, UNREAD_GRACE_MS);
  }, timeoutMs);
  response.once('close', () => {
    clearTimeout(timer);
    clearTimeout(unread);
    if (!response.writableFinished) controller.abort(new DOMException('the client closed the request', 'AbortError'));
  });
  return controller.signal;
}
