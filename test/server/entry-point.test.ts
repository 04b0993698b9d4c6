import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { startEntryPoint, type RunningEntryPoint } from '../support/entry-point.js';

let running: RunningEntryPoint | undefined;
let simulator: Simulator | undefined;
afterEach(async () => {
  running?.child.kill('SIGKILL');
  await simulator?.close();
  running = undefined;
  simulator = undefined;
});

const QUERY = '{ interactions(first: 2) { totalCount edges { node { ctrlHubId contact { firstName } } } } }';
const post = (url: URL, query: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });

describe('npm start', () => {
  it('serves GraphiQL and the graph on demo data, says so, and exits 0 on SIGTERM', async () => {
    running = startEntryPoint({});
    const url = await running.listening;
    expect(running.stdout.join('\n')).toContain('DEMO MODE');

    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>ctrlgraph</title>');
    expect(html).toContain('ContactTimeline');
    expect(html).not.toMatch(/unpkg\.com|jsdelivr/);

    const response = await post(url, QUERY);
    const body = (await response.json()) as { data: { interactions: { totalCount: number; edges: unknown[] } } };
    expect(body.data.interactions.totalCount).toBe(5000);
    expect(body.data.interactions.edges).toHaveLength(2);

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });

  it('uses configured upstreams instead of demo mode, and finishes an in-flight request on SIGTERM', async () => {
    simulator = await startSimulator({ port: 0, ctrlhubSessionToken: 'ctrlhub-secret-ab12', alpharunApiToken: 'alpharun-secret-cd34' });
    running = startEntryPoint({
      CTRLHUB_BASE_URL: simulator.ctrlhubBaseUrl,
      CTRLHUB_ORG_ID: simulator.orgId,
      CTRLHUB_SESSION_TOKEN: 'ctrlhub-secret-ab12',
      ALPHARUN_BASE_URL: simulator.alpharunBaseUrl,
      ALPHARUN_API_TOKEN: 'alpharun-secret-cd34',
      LOG_LEVEL: 'debug',
    });
    const url = await running.listening;
    expect(running.stdout.join('\n')).not.toContain('DEMO MODE');

    simulator.fault({ upstream: 'ctrlhub', times: 1, effect: { kind: 'latency', delayMs: 800 } });
    const inFlight = post(url, QUERY);
    while (simulator.requests.entries.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    running.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { interactions: { totalCount: number } } };
    expect(body.data.interactions.totalCount).toBe(5000);
    expect(await running.exited).toBe(0);
    expect(simulator.requests.entries[0]?.headers['x-session-token']).toBe('[present]');

    const output = [...running.stdout, ...running.stderr].join('\n');
    expect(output).toContain('upstream call');
    expect(output).not.toContain('ctrlhub-secret-ab12');
    expect(output).not.toContain('alpharun-secret-cd34');
  });

  it('turns GraphiQL off with GRAPHIQL=false and keeps serving the API', async () => {
    running = startEntryPoint({ GRAPHIQL: 'false' });
    const url = await running.listening;
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('<title>ctrlgraph</title>');
    const response = await post(url, '{ __typename }');
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  for (const [variable, value, expected] of [
    ['PORT', 'abc', /^ctrlgraph: invalid configuration: PORT must be an integer from 0 to 65535 \(got "abc"\)$/],
    ['CTRLHUB_BASE_URL', 'notaurl', /^ctrlgraph: invalid configuration: CTRLHUB_BASE_URL must be an http\(s\) URL/],
    ['UPSTREAM_MAX_RETRIES', '-1', /^ctrlgraph: invalid configuration: UPSTREAM_MAX_RETRIES must be an integer from 0 to 10/],
  ] as const) {
    it(`stops with one clear line for ${variable}=${value}`, async () => {
      running = startEntryPoint({ [variable]: value });
      expect(await running.exited).toBe(1);
      expect(running.stderr).toHaveLength(1);
      expect(running.stderr[0]).toMatch(expected);
      expect(running.stdout.join('')).toBe('');
    });
  }

  it('names the missing variable when only some upstream settings are given', async () => {
    running = startEntryPoint({ CTRLHUB_BASE_URL: 'https://api.example.com/v3' });
    expect(await running.exited).toBe(1);
    expect(running.stderr).toEqual([
      'ctrlgraph: invalid configuration: CTRLHUB_ORG_ID is required when the simulator is off (set it, or unset both base URLs for demo mode)',
    ]);
  });

  it('never echoes a token value in a configuration error', async () => {
    running = startEntryPoint({ CTRLHUB_SESSION_TOKEN: '   ', CTRLGRAPH_SIMULATOR: 'yes' });
    expect(await running.exited).toBe(1);
    expect(running.stderr[0]).toBe('ctrlgraph: invalid configuration: CTRLHUB_SESSION_TOKEN must not be empty (got a hidden value)');
  });
});
