import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEntryPoint, startEntryPoint } from '../support/entry-point.js';
import { postOnNewConnection } from '../support/http.js';

/**
 * The Node binaries of the other LTS lines that `.ci/node-binary` cached (one per line, the newest),
 * plus this process's own: the built gateway must serve on each.
 */
function availableNodes(): string[] {
  const cache = process.env.CTRLGRAPH_NODE_CACHE ?? join(homedir(), '.cache', 'ctrlgraph-node');
  const cached = existsSync(cache)
    ? readdirSync(cache)
        .filter((name) => /^v\d+\.\d+\.\d+$/.test(name))
        .map((name) => join(cache, name, 'bin', 'node'))
        .filter((path) => existsSync(path))
    : [];
  const newestPerLine = new Map<string, string>();
  for (const path of [...cached].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })))
    newestPerLine.set(/\/v(\d+)\./.exec(path)?.[1] ?? path, path);
  newestPerLine.set(process.versions.node.split('.')[0] as string, process.execPath);
  return [...newestPerLine.values()];
}

const nodes = availableNodes();
if (nodes.length < 3) console.warn(`Node lines: only ${nodes.length} found; .ci/run caches 22 and 24 with .ci/node-binary`);

let running: RunningEntryPoint | undefined;
afterEach(() => {
  running?.child.kill('SIGKILL');
  running = undefined;
});

describe('node dist/main.js on every available Node LTS line', { timeout: 60_000 }, () => {
  for (const node of nodes) {
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    it(`answers a GraphQL query, is ready and stops cleanly on Node ${version}`, async () => {
      running = startEntryPoint({}, { node });
      const url = await running.listening;
      const answer = await postOnNewConnection(url, { query: '{ interactions(first: 2) { totalCount edges { node { ctrlHubId } } } }' });
      expect(answer.status).toBe(200);
      const body = JSON.parse(answer.body) as { data: { interactions: { totalCount: number; edges: unknown[] } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data.interactions.totalCount).toBe(5000);
      expect(body.data.interactions.edges).toHaveLength(2);
      expect((await fetch(new URL('/readyz', url))).status).toBe(200);
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
    });
  }
});
