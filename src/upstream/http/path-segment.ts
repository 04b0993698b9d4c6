import { UpstreamIdError, type UpstreamName } from './errors.js';

/**
 * One value as one path segment of an upstream URL, so that no value can change the route: every
 * character but the unreserved ones is percent-encoded (`/`, `\`, `?`, `#`, `%` included), and the
 * values that would still be dot segments (`.`, `..`, which URL resolution removes along with the
 * segment before them) or no segment at all are refused. What goes out is always exactly one segment
 * that decodes to the value given.
 */
export function pathSegment(upstream: UpstreamName, value: string): string {
  const problem = segmentProblem(value);
  if (problem) throw new UpstreamIdError(upstream, problem);
  return encodeURIComponent(value);
}

/** Why `value` cannot be a path segment, or `undefined` when it can; the reason calls the value `an <noun>`. */
export function segmentProblem(value: string, noun = 'id'): string | undefined {
  if (value === '') return `an ${noun} must not be empty`;
  if (value === '.' || value === '..') return `"${value}" is not an ${noun}: it would change the upstream path`;
  // A lone UTF-16 surrogate has no UTF-8 form, so it cannot be percent-encoded.
  if (/\p{Cs}/u.test(value)) return `an ${noun} must be well-formed Unicode`;
  return undefined;
}
