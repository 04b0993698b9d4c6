import { quoteArgument } from '../upstream/ctrlhub/filter.js';

/**
 * What one id adds to a filter expression on the wire: its quoted argument and a comma, as
 * `URLSearchParams` encodes them (a `'` or `\` in the id costs its escape and the escape's encoding).
 */
export function filterCharsOf(id: string): number {
  return encodedLength(quoteArgument(id)) + encodedLength(',');
}

/** The length of `text` as the value of a query parameter. */
export function encodedLength(text: string): number {
  // URLSearchParams is how the client sends it: its encoding, and its U+FFFD for a lone surrogate.
  return new URLSearchParams([['', text]]).toString().length - 1;
}

/**
 * Splits ids into groups that keep a filter expression within `maxChars` (each id costs what
 * `filterCharsOf` says) and within `maxCount` ids.
 */
export function chunkIds(ids: readonly string[], maxCount: number, maxChars: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const id of ids) {
    const cost = filterCharsOf(id);
    if (current.length > 0 && (current.length >= maxCount || chars + cost > maxChars)) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(id);
    chars += cost;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
