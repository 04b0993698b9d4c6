import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startEnvironment } from '../../bench/lib/processes.js';
import { CONFIG_VARIABLES } from '../../src/config/index.js';

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

describe('the process a supervisor starts (docs/operations.md)', () => {
  const operations = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');

  it("sets in its systemd unit every variable npm start gives the gateway, to npm start's value", () => {
    const given = Object.entries(startEnvironment).map(([name, value]) => `Environment=${name}=${value}`);
    expect(given.length).toBeGreaterThan(0);
    const unit = /```ini\n(# \/etc\/systemd\/system\/ctrlgraph\.service[\s\S]*?)```/.exec(operations)?.[1] ?? '';
    expect(given.filter((line) => !unit.split('\n').includes(line))).toEqual([]);
  });
});
