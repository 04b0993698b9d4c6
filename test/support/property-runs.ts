import type { Parameters } from 'fast-check';

/**
 * The runs of every property-based test: once with a fixed seed, so CI is reproducible, and once
 * with a fresh seed, so each run also explores new values. fast-check reports the seed and path of
 * a failure, and `PROPERTY_SEED=<seed>` replays it in the first run. `PROPERTY_RUNS` sets the runs per seed.
 */
const FIXED_SEED = 20_260_413;

export function propertyRuns(): Parameters<unknown>[] {
  const numRuns = Number(process.env.PROPERTY_RUNS ?? 100);
  const fixed = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : FIXED_SEED;
  const random = Math.floor(Math.random() * 2 ** 31);
  return [
    { seed: fixed, numRuns },
    { seed: random, numRuns, verbose: 1 },
  ];
}
