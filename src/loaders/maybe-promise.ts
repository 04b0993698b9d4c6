/**
 * A value now or later. Resolvers answer with what the request already holds synchronously:
 * graphql-js then builds no Promise for the field and none for the object around it.
 */
export type MaybePromise<T> = T | Promise<T>;

/** `next` applied to `value`, at once when `value` is already there. */
export function whenReady<T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
