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

/** The longest wait an upstream's `Retry-After` is taken at: past a day it says "not soon", not when. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored,
 * as if absent. A date names its month, which sets it apart from numbers `Date.parse` would also read
 * as dates (`1.5` is 5 January 2001, long past: an immediate retry).
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(MAX_RETRY_AFTER_MS, Number(trimmed) * 1000);
  if (!/\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}
