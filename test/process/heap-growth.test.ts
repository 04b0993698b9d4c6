import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
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

  describe('in a running process', () => {
    // One run per setting: the peaks' scale depends on the machine (its memory, how busy its cores are
    // while V8 marks), so each check asks which of two settings a peak sits closer to, not for a ratio.
    const peaks = { v8Own: 0, flag100: 0, set100: 0, flag300: 0, flag300Set100: 0 };
    beforeAll(async () => {
      peaks.v8Own = await oldGenerationPeak([], '-');
      peaks.flag100 = await oldGenerationPeak(['--heap-growing-percent=100'], '-');
      peaks.set100 = await oldGenerationPeak([], 100);
      peaks.flag300 = await oldGenerationPeak(['--heap-growing-percent=300'], '-');
      peaks.flag300Set100 = await oldGenerationPeak(['--heap-growing-percent=300'], 100);
    }, 180_000);

    /** Whether `peak` is nearer to `like` than to `unlike`, by a clear margin (a third of their gap). */
    const nearer = (peak: number, like: number, unlike: number) => Math.abs(peak - like) < Math.abs(unlike - like) / 3;

    it('bounds the old generation as the command-line flag does', () => {
      // V8 picked up to 4× the live heap on its own; at 100 % it collects at 2×.
      expect(peaks.flag100, JSON.stringify(peaks)).toBeLessThan(peaks.v8Own * 0.75);
      expect(nearer(peaks.set100, peaks.flag100, peaks.v8Own), JSON.stringify(peaks)).toBe(true);
    });

    it("keeps an operator's command-line factor", () => {
      expect(peaks.flag100, JSON.stringify(peaks)).toBeLessThan(peaks.flag300 * 0.75);
      expect(nearer(peaks.flag300Set100, peaks.flag300, peaks.flag100), JSON.stringify(peaks)).toBe(true);
    });
  });
});
