/**
 * The button under a paginated list: asks Relay for the next page (`usePaginationFragment`'s
 * `loadNext`), and stays disabled while one is on its way so that a double click asks once.
 * Shown only while the connection says there is more.
 */
export function LoadMore({
  hasNext,
  isLoadingNext,
  loadNext,
  pageSize,
  label,
}: {
  hasNext: boolean;
  isLoadingNext: boolean;
  loadNext: (count: number) => unknown;
  pageSize: number;
  /** The accessible name, where one page holds more than one list. */
  label?: string;
}) {
  if (!hasNext) return null;
  return (
    <button type="button" className="more" onClick={() => loadNext(pageSize)} disabled={isLoadingNext} aria-label={label}>
      {isLoadingNext ? 'Loading…' : 'Load more'}
    </button>
  );
}
