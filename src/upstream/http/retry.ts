/** Retry timing: exponential backoff with full jitter, unless the upstream said when. */
export interface RetryTiming {
  baseDelayMs: number;
  maxDelayMs: number;
}

export function retryDelayMs(retry: number, timing: RetryTiming, retryAfterMs: number | undefined): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const ceiling = Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** retry);
  // Jitter spreads the retries of many concurrent callers so they do not hit the upstream together.
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
