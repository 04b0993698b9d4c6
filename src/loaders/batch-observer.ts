import type { BatchLoadFn } from 'dataloader';

/** Told the size of every batch a loader dispatches (metrics); must not throw. */
export type BatchObserver = (loader: string, size: number) => void;

/** `batch`, reporting each dispatch to `observer` under the loader's name. */
export function observed<K, V>(loader: string, observer: BatchObserver | undefined, batch: BatchLoadFn<K, V>): BatchLoadFn<K, V> {
  if (!observer) return batch;
  return (keys) => {
    observer(loader, keys.length);
    return batch(keys);
  };
}
