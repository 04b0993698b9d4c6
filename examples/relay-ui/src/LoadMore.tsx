import { useState } from 'react';

type LoadNext = (count: number, options: { onComplete: (error: Error | null) => void }) => unknown;

/**
 * The button under a paginated list: asks Relay for the next page (`usePaginationFragment`'s
 * `loadNext`), and stays disabled while one is on its way so that a double click asks once.
 * Shown only while the connection says there is more. A page that fails leaves the loaded rows
 * alone (see `src/relay/environment.ts`): the failure is said here, and the button asks again.
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
  loadNext: LoadNext;
  pageSize: number;
  /** The accessible name, where one page holds more than one list. */
  label?: string;
}) {
  const [failure, setFailure] = useState<Error | null>(null);
  if (!hasNext) return null;
  const onClick = () => {
    setFailure(null);
    loadNext(pageSize, { onComplete: setFailure });
  };
  return (
    <div className="more">
      <button type="button" onClick={onClick} disabled={isLoadingNext} aria-label={label}>
        {isLoadingNext ? 'Loading…' : 'Load more'}
      </button>
      {failure && (
        <p role="alert" className="error">
          The next page could not be loaded: {failure.message}
        </p>
      )}
    </div>
  );
}
