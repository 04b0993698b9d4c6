import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startEnvironment } from '../../bench/lib/processes.js';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config/index.js';

const reference = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
/** The variables the reference gives a table row of their own (`| \`NAME\` |`). */
const documented = new Set([...reference.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`/gm)].flatMap((match) => (match[1] ? [match[1]] : [])));

describe('the configuration reference', () => {
  it('has a row for every variable the gateway reads', () => {
    expect(CONFIG_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('has no row for a variable the gateway does not read', () => {
    const read = new Set(CONFIG_VARIABLES);
    // Per-upstream overrides (`CTRLHUB_<X>`, `ALPHARUN_<X>` of an `UPSTREAM_<X>`) are described in one row.
    expect([...documented].filter((name) => !read.has(name))).toEqual([]);
  });
});

/** The settings table's `accepted` column, by variable (its first table, `| name | default | accepted | meaning |`). */
const acceptedColumn = new Map(
  [...reference.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|[^|]*\|([^|]*)\|[^|]*\|$/gm)]
    .slice(0, CONFIG_VARIABLES.length)
    .map((match) => [match[1] ?? '', (match[2] ?? '').trim()]),
);

/** What a start-up refusal says the variable accepts, when it is an integer range. */
function refusedRange(name: string): string | undefined {
  try {
    loadConfig({ [name]: 'not-a-number' });
  } catch (error) {
    const range = /an integer from (\d+) to (\d+)/.exec((error as Error).message);
    return range ? `${range[1]}–${range[2]}` : undefined;
  }
  return undefined;
}

describe('the accepted column', () => {
  it('says what every variable accepts', () => {
    expect(CONFIG_VARIABLES.filter((name) => !acceptedColumn.get(name))).toEqual([]);
  });

  it('gives each integer setting the range its refusal at start-up names', () => {
    const ranges = CONFIG_VARIABLES.flatMap((name) => {
      const range = refusedRange(name);
      return range ? [{ name, range }] : [];
    });
    expect(ranges.length).toBeGreaterThan(30);
    for (const { name, range } of ranges)
      expect({ name, accepted: acceptedColumn.get(name) }).toEqual({ name, accepted: expect.stringContaining(range) });
  });
});

describe('the process a supervisor starts (docs/operations.md)', () => {
  const operations = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');

  it("sets in its systemd unit every variable npm start gives the gateway, to npm start's value", () => {
    const given = Object.entries(startEnvironment).map(([name, value]) => `Environment=${name}=${value}`);
    expect(given.length).toBeGreaterThan(0);
    const unit = /```ini\n(# \/etc\/systemd\/system\/ctrlgraph\.service[\s\S]*?)```/.exec(operations)?.[1] ?? '';
    expect(given.filter((line) => !unit.split('\n').includes(line))).toEqual([]);
  });
});
