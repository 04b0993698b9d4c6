import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FaultRule } from '../../src/simulator/faults.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

const SECRETS = {
  ctrlhubSession: 'chs_SECRET_7f3a9c1e5b',
  alpharunToken: 'art_SECRET_2d8e4f6a0c',
  callerSession: 'caller_SECRET_9b1d3f5e7a',
  callerAlpharun: 'caller_SECRET_4c6e8a0b2d',
  apiKey: 'key_SECRET_1a3c5e7b9d2f',
};

let gateway: GatewayFixture;
const bodies: string[] = [];
beforeAll(async () => {
  gateway = await startGateway({
    simulator: { ctrlhubSessionToken: SECRETS.ctrlhubSession, alpharunApiToken: SECRETS.alpharunToken },
    forwardCredentials: true,
    apiKeys: [SECRETS.apiKey],
    requestTimeoutMs: 800,
    // A breaker that never opens, so every fault below reaches the code that maps it.
    tuning: { maxRetries: 1, breakerThreshold: 10_000 },
  });
});
afterAll(() => gateway.close());

async function send(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRETS.apiKey}`, ...headers },
    body,
  });
  bodies.push(`${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`);
}

it('never shows a token, key or upstream URL in any response or log line, across faults and hostile queries', async () => {
  const contact = gateway.simulator.data.alpharun.contacts.find((candidate) => candidate.ext_id)?.ext_id;
  const everything = JSON.stringify({
    query: `{ interactions(first: 5) { edges { node { contact { firstName email customFields { key } customerInteractions(first: 2) { edges { cursor } } } account { contacts { id } } property { uprn } representative { email } } } } contact(id: "${contact}") { alpharunId } }`,
  });
  const deferred = JSON.stringify({
    query: `{ interactions(first: 2) { edges { node { id ... @defer { contact { firstName customerInteractions(first: 2) { edges { cursor } } } property { uprn } } } } } }`,
  });
  const faults: FaultRule[] = [
    { effect: { kind: 'status', status: 500 } },
    { effect: { kind: 'status', status: 401 } },
    { effect: { kind: 'status', status: 429, retryAfter: '0' } },
    { effect: { kind: 'echoCredentials' } },
    // The token where a cut to 200 characters falls, and as the trace id.
    { effect: { kind: 'echoCredentials', before: 'x'.repeat(190) } },
    { effect: { kind: 'echoCredentials', inTraceId: true } },
    // Even a token this upstream was never sent is kept out of the logs.
    { effect: { kind: 'status', status: 400, body: JSON.stringify({ errors: [{ detail: `echo ${SECRETS.ctrlhubSession}` }] }) } },
    { effect: { kind: 'malformedJson' } },
    { effect: { kind: 'hang' } },
    { effect: { kind: 'reset' } },
  ];
  for (const fault of faults) {
    for (const upstream of ['ctrlhub', 'alpharun'] as const) {
      gateway.simulator.fault({ ...fault, upstream });
      await send(everything);
      await send(everything, { 'x-ctrlhub-session-token': SECRETS.callerSession, 'x-alpharun-token': SECRETS.callerAlpharun });
      // Errors of deferred parts too (Yoga masks only a part's top-level errors).
      await send(deferred, { accept: 'multipart/mixed', 'x-ctrlhub-session-token': SECRETS.callerSession });
      gateway.simulator.clearFaults();
    }
  }
  for (const hostile of [
    JSON.stringify({ query: `{ ${'interactions(first: 1) { edges { node { contact { '.repeat(20)}id${' } } } }'.repeat(20)} }` }),
    JSON.stringify({
      query: '{ interactions(first: 500) { edges { node { contact { interactions(first: 500) { edges { cursor } } } } } } }',
    }),
    '{"query": "{ __typename ',
    JSON.stringify({ query: '{ nope }' }),
  ]) {
    await send(hostile, { 'x-ctrlhub-session-token': SECRETS.callerSession });
  }
  await send(everything, { authorization: 'Bearer wrong-key-wrong-key' });

  const logs = gateway.logs.join('\n');
  const responses = bodies.join('\n');
  expect(bodies.length).toBeGreaterThan(30);
  expect(logs).toContain('upstream failure');
  for (const secret of [...Object.values(SECRETS), gateway.simulator.ctrlhubBaseUrl, gateway.simulator.alpharunBaseUrl]) {
    // Its first ten characters: a cut that falls inside a token leaves its head.
    const head = secret.slice(0, 10);
    expect(responses.includes(head), `response mentions ${head}`).toBe(false);
    expect(logs.includes(head), `log mentions ${head}`).toBe(false);
  }
  expect(responses).not.toMatch(/\bat .*\.(ts|js):\d+/);
});
