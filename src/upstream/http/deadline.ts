/**
 * Deadlines this module owns. A call's deadline is a plain timer held by the call and cleared when
 * it ends: `AbortSignal.timeout()` referenced only from `AbortSignal.any()` can be garbage-collected
 * before it fires, which lost deadlines under load.
 */
export interface CallDeadline {
  /** Aborted when the time is up (a `TimeoutError`) or when `parent` aborts (with its reason). */
  readonly signal: AbortSignal;
  readonly expiresAt: number;
  /** Clears the timer and the link to the parent; call it when the call ends, however it ends. */
  dispose(): void;
}

export function callDeadline(timeoutMs: number, parent?: AbortSignal): CallDeadline {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`the call deadline of ${timeoutMs} ms has passed`, 'TimeoutError')),
    timeoutMs,
  );
  const follow = () => controller.abort(parent?.reason);
  if (parent?.aborted) follow();
  else parent?.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    expiresAt: Date.now() + timeoutMs,
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', follow);
    },
  };
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as it aborts. undici rejects an
 * aborted request only once the pool gets round to it, so a request queued behind hung connections
 * would wait for them past its deadline; this bounds the wait for a connection too. An answer that
 * arrives after the abort is handed to `discard` so its connection is freed.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal, discard: (late: T) => void): Promise<T> {
  if (signal.aborted) {
    work.then(discard, () => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      work.then(discard, () => undefined);
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        if (signal.aborted) discard(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
