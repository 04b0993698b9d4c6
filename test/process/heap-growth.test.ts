import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { limitHeapGrowth } from '../../src/process/heap-growth.js';

const run = promisify(execFile);
const CHURN = new URL('../support/heap-churn.ts', import.meta.url).pathname;
/** The same young generation on every Node line, so that the churn's records reach the old generation. */
const YOUNG = ['--max-semi-space-size=1', '--min-semi-space-size=1'];

/** The old generation's peak while `heap-churn.ts` runs, in bytes. */
async function oldGenerationPeak(nodeOptions: string[], applied: number | '-'): Promise<number> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const { stdout } = await run(process.execPath, [...YOUNG, ...nodeOptions, '--import', 'tsx', CHURN, String(applied)], { env });
  return (JSON.parse(stdout) as { peak: number }).peak;
}

describe('limitHeapGrowth', () => {
  it.each([
    [['--heap-growing-percent=50']],
    [['--heap_growing_percent=50']],
    [['--heap-growing_percent=50']],
    [['--heap-growing-percent', '50']],
    [['--max-semi-space-size=16', '--heap-growing-percent=0']],
  ])('keeps the factor the operator gave Node: %j', (given) => {
    expect(limitHeapGrowth(100, given)).toBe(false);
  });

  it.each([[[]], [['--max-old-space-size=512']], [['--heap-growing-percentage=50']], [['--expose-gc']]])(
    'sets the factor when Node was given none: %j',
    (given) => {
      expect(limitHeapGrowth(100, given)).toBe(true);
    },
  );

  it('leaves the factor to V8 at 0', () => {
    expect(limitHeapGrowth(0, [])).toBe(false);
  });

  it('bounds the old generation as the command-line flag does, once the process runs', { timeout: 120_000 }, async () => {
    const [ownChoice, fromCommandLine, setWhileRunning] = [
      await oldGenerationPeak([], '-'),
      await oldGenerationPeak(['--heap-growing-percent=100'], '-'),
      await oldGenerationPeak([], 100),
    ];
    // V8 picked up to 4× the live heap on its own; at 100 % it collects at 2×.
    expect(setWhileRunning).toBeLessThan(ownChoice * 0.7);
    expect(Math.abs(setWhileRunning - fromCommandLine)).toBeLessThan(fromCommandLine * 0.15);
  });

  it("keeps an operator's command-line factor in a running process", { timeout: 120_000 }, async () => {
    const [operators, withOurs] = [
      await oldGenerationPeak(['--heap-growing-percent=300'], '-'),
      await oldGenerationPeak(['--heap-growing-percent=300'], 100),
    ];
    expect(Math.abs(withOurs - operators)).toBeLessThan(operators * 0.15);
  });
});
