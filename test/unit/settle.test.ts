import { describe, expect, it } from 'vitest';
import { allOrFirstFailure, settleEach } from '../../src/loaders/settle.js';

const later = <T>(ms: number, value: T, fail = false) =>
  new Promise<T>((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms));

describe('settling a batch', () => {
  it('gives a failed key its own Error and the others their values, once every load is done', async () => {
    const finished: string[] = [];
    const outcomes = await settleEach(['a', 'b', 'c'], async (key) => {
      const value = await later(key === 'c' ? 30 : 1, key, key === 'a');
      finished.push(key);
      return value;
    });
    expect(outcomes[0]).toBeInstanceOf(Error);
    expect(outcomes.slice(1)).toEqual(['b', 'c']);
    expect(finished).toEqual(['b', 'c']);
  });

  it('fails with the first failure only after the slowest call has ended', async () => {
    let slowEnded = false;
    const slow = later(30, 'slow').then(() => {
      slowEnded = true;
    });
    await expect(allOrFirstFailure([later(1, 'first', true), slow, later(5, 'second', true)])).rejects.toThrow('first');
    expect(slowEnded).toBe(true);
  });
});
