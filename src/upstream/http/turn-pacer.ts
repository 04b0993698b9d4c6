import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Resolves its callers in call order, at most `perTurn` of them per event-loop turn.
 *
 * An upstream answer resumes a request's CPU-heavy part (body parse, resolvers, serialization). At
 * saturation, a turn that resumes every answer waiting runs for tens of milliseconds. libuv accepts
 * one new connection per turn, so with long turns new clients wait seconds for a first answer while
 * open connections are served. Resuming a few answers per turn keeps the turns short.
 */
export type TurnPacer = () => Promise<void>;

export function createTurnPacer(perTurn: number): TurnPacer {
  const waiting: (() => void)[] = [];
  let releasing = false;

  async function release(): Promise<void> {
    releasing = true;
    while (waiting.length > 0) {
      await nextTurn();
      for (const resume of waiting.splice(0, perTurn)) resume();
    }
    releasing = false;
  }

  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!releasing) void release();
    });
}
