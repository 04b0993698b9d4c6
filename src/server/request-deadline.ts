import type { ServerResponse } from 'node:http';

/**
 * The deadline of one HTTP request, owned by the server: a plain timer, cleared when the response
 * closes. `AbortSignal.timeout()` held only by `AbortSignal.any()` can be garbage-collected before it
 * fires (the deadline was lost under load), and Yoga's `request.signal` is not a native `AbortSignal`
 * on every Node line, so neither is used. A client that leaves early aborts the same signal.
 */
export function requestDeadline(response: ServerResponse, timeoutMs: number): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`the request deadline of ${timeoutMs} ms has passed`, 'TimeoutError')),
    timeoutMs,
  );
  response.once('close', () => {
    clearTimeout(timer);
    if (!response.writableFinished) controller.abort(new DOMException('the client closed the request', 'AbortError'));
  });
  return controller.signal;
}
