/**
 * Splits ids into groups that keep a filter expression within `maxChars` (each id costs its
 * percent-encoded length plus quotes and a comma) and within `maxCount` ids.
 */
export function chunkIds(ids: readonly string[], maxCount: number, maxChars: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const id of ids) {
    // A lone surrogate goes out as U+FFFD (as URLSearchParams sends it); encodeURIComponent would throw on it.
    const cost = encodeURIComponent(id.replace(/\p{Cs}/gu, '\ufffd')).length + 9;
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
