/**
 * Waiting for every call a batch started. `Promise.all` settles at the first failure while the other
 * calls are still in flight: their upstream requests then outlive the answer they were for, and one
 * key's failure (an id past the upstream budget, say) fails every key of the batch.
 */

/** `load` for every key; a key whose load fails gets its `Error`, as DataLoader expects, once all are done. */
export async function settleEach<K, V>(keys: readonly K[], load: (key: K) => Promise<V>): Promise<(V | Error)[]> {
  const outcomes = await Promise.allSettled(keys.map(load));
  return outcomes.map((outcome) =>
    outcome.status === 'fulfilled' ? outcome.value : outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason)),
  );
}

/** Waits for every promise, then fails with the first failure, if any. */
export async function allOrFirstFailure(promises: readonly Promise<unknown>[]): Promise<void> {
  const outcomes = await Promise.allSettled(promises);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}
