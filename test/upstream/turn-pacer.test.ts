import { describe, expect, it } from 'vitest';
import { createTurnPacer } from '../../src/upstream/http/turn-pacer.js';

/** Runs `body` while counting event-loop turns (one tick per check phase); returns the turn seen at each point. */
async function countingTurns(body: (turn: () => number) => Promise<void>): Promise<void> {
  let turn = 0;
  let ticking = true;
  const tick = () => {
    turn += 1;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await body(() => turn);
  } finally {
    ticking = false;
  }
}

describe('turn pacer', () => {
  it('resumes at most perTurn callers per event-loop turn, in call order', async () => {
    const pace = createTurnPacer(2);
    const resumed: { caller: number; turn: number }[] = [];
    await countingTurns(async (turn) => {
      await Promise.all(Array.from({ length: 7 }, (_, caller) => pace().then(() => resumed.push({ caller, turn: turn() }))));
    });
    expect(resumed.map((entry) => entry.caller)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const callersPerTurn = [...new Set(resumed.map((entry) => entry.turn))].map(
      (seen) => resumed.filter((entry) => entry.turn === seen).length,
    );
    expect(callersPerTurn).toEqual([2, 2, 2, 1]);
  });

  it('starts again for callers that come after it has gone idle', async () => {
    const pace = createTurnPacer(1);
    await pace();
    await countingTurns(async (turn) => {
      const turns: number[] = [];
      await Promise.all([pace().then(() => turns.push(turn())), pace().then(() => turns.push(turn()))]);
      expect(new Set(turns).size).toBe(2);
    });
  });
});
