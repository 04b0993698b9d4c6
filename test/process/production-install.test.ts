import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alive, type LogLine, type RunningEntryPoint, startEntryPoint } from '../support/entry-point.js';
import { postOnNewConnection } from '../support/http.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const QUERY = { query: '{ interactions(first: 2) { totalCount edges { node { ctrlHubId contact { firstName } } } } }' };

/**
 * What a production image holds: package.json, the lock file and the build, installed without
 * devDependencies (as `npm ci && npm run build && npm prune --omit=dev` leaves it), from the local
 * npm cache.
 */
describe('a production install (npm ci --omit=dev)', { timeout: 60_000 }, () => {
  let install: string;
  let running: RunningEntryPoint | undefined;
  beforeAll(async () => {
    install = mkdtempSync(join(tmpdir(), 'ctrlgraph-production-'));
    for (const file of ['package.json', 'package-lock.json']) cpSync(join(ROOT, file), join(install, file));
    cpSync(join(ROOT, 'dist'), join(install, 'dist'), { recursive: true });
    await promisify(execFile)('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: install,
    });
  }, 240_000);
  afterEach(() => {
    running?.child.kill('SIGKILL');
    running = undefined;
  });
  afterAll(() => rmSync(install, { recursive: true, force: true }));

  it('holds no TypeScript tooling', () => {
    for (const tool of ['tsx', 'esbuild', 'typescript', 'vitest', '@biomejs/biome', '@graphql-codegen/cli']) {
      expect([tool, existsSync(join(install, 'node_modules', tool))]).toEqual([tool, false]);
    }
    expect(existsSync(join(install, 'node_modules', 'graphql-yoga'))).toBe(true);
  });

  it('serves the graph on demo data with node dist/main.js', async () => {
    running = startEntryPoint({}, { cwd: install });
    const url = await running.listening;
    expect(running.stdout.join('\n')).toContain('DEMO MODE');
    const answer = await postOnNewConnection(url, QUERY);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).data.interactions.totalCount).toBe(5000);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });

  it('stops the gateway with npm start when the supervisor sends SIGTERM, leaving no orphan', async () => {
    running = startEntryPoint({}, { cwd: install, command: ['npm', 'start', '--silent'] });
    const url = await running.listening;
    const [listening] = (await running.logged((line: LogLine) => line.msg?.startsWith('ctrlgraph listening') === true)) as LogLine[];
    const gatewayPid = listening?.pid as number;
    expect((await postOnNewConnection(url, QUERY)).status).toBe(200);

    running.child.kill('SIGTERM');
    await running.exited;
    await running.logged((line) => line.msg === 'stopped');
    for (let waited = 0; alive(gatewayPid) && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(gatewayPid)).toBe(false);
  });

  // glibc reads MALLOC_ARENA_MAX only when a process starts, so npm start gives it (docs/operations.md,
  // Memory under load); an operator's own value wins.
  it.each([
    ['its own arena limit', undefined, '2'],
    ["an operator's arena limit", '8', '8'],
  ])('starts the gateway with npm start, with %s', async (_, given, expected) => {
    running = startEntryPoint({ MALLOC_ARENA_MAX: given }, { cwd: install, command: ['npm', 'start', '--silent'] });
    const [listening] = await running.logged((line) => line.msg?.startsWith('ctrlgraph listening') === true);
    const environment = readFileSync(`/proc/${listening?.pid}/environ`, 'utf8').split('\0');
    expect(environment.filter((entry) => entry.startsWith('MALLOC_ARENA_MAX='))).toEqual([`MALLOC_ARENA_MAX=${expected}`]);
    running.child.kill('SIGTERM');
    await running.logged((line) => line.msg === 'stopped');
  });

  it('runs the standalone simulator from the build with npm run simulator', async () => {
    running = startEntryPoint({ SIMULATOR_PORT: '0' }, { cwd: install, command: ['npm', 'run', 'simulator', '--silent'] });
    const printed = await running.logged((entry) => /^CTRLHUB_(BASE_URL|ORG_ID|SESSION_TOKEN)=/.test(entry.msg ?? ''), 3);
    const value = (name: string) => printed.find((entry) => entry.msg?.startsWith(`${name}=`))?.msg?.slice(name.length + 1) ?? '';
    const interactions = await fetch(`${value('CTRLHUB_BASE_URL')}/orgs/${value('CTRLHUB_ORG_ID')}/customers/interactions?limit=1`, {
      headers: { 'x-session-token': value('CTRLHUB_SESSION_TOKEN') },
    });
    expect(interactions.status).toBe(200);
    expect(((await interactions.json()) as { data: unknown[] }).data).toHaveLength(1);
    // npm passes SIGTERM on to the simulator; SIGKILL (afterEach) would stop npm alone and leave it running.
    running.child.kill('SIGTERM');
    await running.exited;
    await expect(fetch(`${value('CTRLHUB_BASE_URL')}/orgs/x/customers/interactions`)).rejects.toThrow();
  });
});

/**
 * The build bundles every package the gateway imports (`npm run build`: esbuild), so `dist/` runs on its
 * own: an image needs no `node_modules`. Files the gateway reads next to its code, GraphiQL's example
 * operations, must come along in the build's own layout.
 */
describe('the build on its own (dist/ without node_modules)', { timeout: 60_000 }, () => {
  let install: string;
  let running: RunningEntryPoint | undefined;
  beforeAll(() => {
    install = mkdtempSync(join(tmpdir(), 'ctrlgraph-dist-'));
    cpSync(join(ROOT, 'dist'), join(install, 'dist'), { recursive: true });
  });
  afterEach(() => {
    running?.child.kill('SIGKILL');
    running = undefined;
  });
  afterAll(() => rmSync(install, { recursive: true, force: true }));

  it('serves the graph on demo data, and GraphiQL with a tab for every example operation', async () => {
    expect(existsSync(join(install, 'node_modules'))).toBe(false);
    running = startEntryPoint({}, { cwd: install });
    const url = await running.listening;
    const answer = await postOnNewConnection(url, QUERY);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).data.interactions.totalCount).toBe(5000);

    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const examples = readdirSync(join(ROOT, 'src/server/graphiql-examples')).filter((file) => file.endsWith('.graphql'));
    expect(examples.length).toBeGreaterThan(0);
    for (const file of examples) {
      const heading = /^(?:query|mutation) \w+/m.exec(readFileSync(join(ROOT, 'src/server/graphiql-examples', file), 'utf8'))?.[0];
      expect([file, heading !== undefined && html.includes(heading)]).toEqual([file, true]);
    }
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });

  // The bundle holds other people's code, MIT, ISC, BSD and Apache-2.0 licensed: their notices must go
  // wherever the build goes. The source maps say, independently of the build's own list, what went in.
  it('carries the license notices of every package whose code is in it', () => {
    const notices = readFileSync(join(install, 'dist', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    const packages = new Set<string>();
    const maps = readdirSync(join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js.map'));
    for (const map of maps) {
      for (const source of (JSON.parse(readFileSync(join(ROOT, 'dist', map), 'utf8')) as { sources: string[] }).sources) {
        const path = resolve(join(ROOT, 'dist', dirname(map)), source);
        const match = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path);
        if (match?.[1]) packages.add(match[1]);
      }
    }
    expect(packages.size).toBeGreaterThan(20);
    const listed = [...notices.matchAll(/^={72}\n(\S+ \S+) \(/gm)].map((match) => match[1] ?? '');
    const inMaps = new Set<string>();
    for (const directory of packages) {
      const { name, version } = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name: string; version: string };
      inMaps.add(`${name} ${version}`);
      const header = notices.indexOf(`\n${name} ${version} (`);
      expect([name, header >= 0]).toEqual([name, true]);
      // Its section: from below the rule under its header to the next rule.
      const body = notices.indexOf('\n', notices.indexOf('\n', header + 1) + 1);
      const next = notices.indexOf(`\n${'='.repeat(72)}\n`, body);
      const section = notices.slice(body, next < 0 ? undefined : next);
      const files = readdirSync(directory, { withFileTypes: true }).filter(
        (entry) =>
          entry.isFile() && /licen[cs]e|copying|notice|copyright/i.test(entry.name) && !/\.([cm]?[jt]sx?|map|json)$/.test(entry.name),
      );
      for (const file of files)
        expect([name, file.name, section.includes(readFileSync(join(directory, file.name), 'utf8').trim())]).toEqual([
          name,
          file.name,
          true,
        ]);
      // A package that ships no license text gets its declared license's terms, under a copyright line.
      if (files.length === 0) expect([name, /^Copyright \(c\) .+\n\nPermission is hereby granted/m.test(section)]).toEqual([name, true]);
    }
    // And nothing is listed that the build does not hold.
    expect(listed.filter((entry) => !inMaps.has(entry))).toEqual([]);
  });

  // GraphiQL's bundle is a chunk loaded on the first browser visit: a deploy that replaces dist/ under
  // the running process, or an image copied without it, leaves it missing when the page is asked for.
  it('answers the GraphiQL page with a short notice and a log line when its chunk is missing, and keeps serving', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'ctrlgraph-dist-'));
    try {
      cpSync(join(install, 'dist'), join(broken, 'dist'), { recursive: true });
      const chunks = join(broken, 'dist', 'chunks');
      const [graphiql] = readdirSync(chunks)
        .filter((file) => file.endsWith('.js'))
        .sort((a, b) => statSync(join(chunks, b)).size - statSync(join(chunks, a)).size);
      expect(readFileSync(join(chunks, graphiql as string), 'utf8')).toContain('renderGraphiQL');
      rmSync(join(chunks, graphiql as string));

      running = startEntryPoint({}, { cwd: broken });
      const url = await running.listening;
      const page = await fetch(url, { headers: { accept: 'text/html' } });
      const html = await page.text();
      expect(html).toContain('GraphiQL could not be loaded on this server');
      expect(html).not.toContain(broken);
      expect(html).not.toMatch(/\bat .+:\d+:\d+/);
      await running.logged((line) => line.msg === 'GraphiQL could not be loaded');
      const answer = await postOnNewConnection(url, QUERY);
      expect(JSON.parse(answer.body).data.interactions.totalCount).toBe(5000);
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
