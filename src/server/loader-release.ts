import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Loaders } from '../loaders/index.js';
import type { GraphContext } from '../schema/index.js';

/** Where one request stands: whether its response has ended, and how many of its executions still run. */
interface Lifetime {
  responseEnded: boolean;
  executing: number;
}

export interface LoaderRelease {
  /** Called by the context factory for each request's loaders, with that request's `afterResponse`. */
  track(loaders: Loaders, afterResponse: (listener: () => void) => void): void;
  /** Counts the executions that read through tracked loaders. */
  plugin: Plugin<GraphContext>;
}

/**
 * Releases what a request's loaders hold (`Loaders.release`, which empties the records) once nothing
 * can read them any more: its response has ended *and* every execution over them has. A client that
 * leaves mid-execution ends the response first while the execution runs on (compiled execution does
 * not stop at the abort) and still completes fields from the records it already read: emptied then,
 * they would answer `null` with no error, an answer the response cache would keep for every caller.
 * An execution that never starts (a refused document) leaves the response's end alone to decide.
 */
export function createLoaderRelease(): LoaderRelease {
  const lifetimes = new WeakMap<Loaders, Lifetime>();
  const releaseWhenIdle = (loaders: Loaders, lifetime: Lifetime) => {
    if (!lifetime.responseEnded || lifetime.executing > 0) return;
    lifetimes.delete(loaders);
    loaders.release();
  };
  return {
    track(loaders, afterResponse) {
      const lifetime: Lifetime = { responseEnded: false, executing: 0 };
      lifetimes.set(loaders, lifetime);
      afterResponse(() => {
        lifetime.responseEnded = true;
        releaseWhenIdle(loaders, lifetime);
      });
    },
    plugin: {
      onExecute({ args }) {
        // Yoga hands execution a context merged from the server's and ours: the loaders object is what both share.
        const { loaders } = args.contextValue;
        const lifetime = lifetimes.get(loaders);
        if (!lifetime) return undefined;
        lifetime.executing += 1;
        const ended = () => {
          lifetime.executing -= 1;
          releaseWhenIdle(loaders, lifetime);
        };
        return {
          // An incremental result (@defer/@stream) ends when its last part has gone, or its reader stopped.
          onExecuteDone: ({ result }) => (isAsyncIterable(result) ? { onEnd: ended } : ended()),
        };
      },
    },
  };
}
