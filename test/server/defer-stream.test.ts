import { meros } from 'meros/browser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alpharunTimelineOf } from '../clients/expected-lists.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

interface Part {
  data?: Record<string, unknown>;
  incremental?: { data?: Record<string, unknown>; items?: unknown[]; path: (string | number)[]; label?: string }[];
  errors?: unknown[];
  hasNext: boolean;
}

let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());
beforeEach(() => {
  gateway.simulator.clearFaults();
  gateway.resetRequests();
});

/** Posts a query asking for incremental delivery and returns the parts as they arrive. */
async function incremental(query: string, variables: Record<string, unknown>): Promise<AsyncGenerator<Part>> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.headers.get('content-type')).toMatch(/^multipart\/mixed/);
  const parts = await meros<Part>(response);
  if (!(Symbol.asyncIterator in parts)) throw new Error('the response is not multipart');
  return (async function* () {
    for await (const part of parts) {
      if (!part.json) throw new Error(`a part is not JSON: ${part.body}`);
      yield part.body;
    }
  })();
}

describe('@defer', () => {
  it("streams a contact's Ctrl-Hub data first and its slow Alpharun timeline after", async () => {
    const { contact } = alpharunTimelineOf(gateway.simulator.data);
    let release: () => void = () => undefined;
    gateway.simulator.fault({ upstream: 'alpharun', effect: { kind: 'hold', until: new Promise<void>((resolve) => (release = resolve)) } });

    const parts = await incremental(
      `query ($id: ID!) {
        contact(id: $id) {
          ctrlHubId
          account { ctrlHubId }
          interactions(first: 3) { edges { node { ctrlHubId } } }
          ... @defer(label: "timeline") {
            customerInteractions(first: 5) { edges { node { alpharunId } } }
          }
        }
      }`,
      { id: contact },
    );

    const first = await parts.next();
    // The first part is complete while Alpharun has not answered yet.
    expect(first.value).toMatchObject({
      hasNext: true,
      data: { contact: { ctrlHubId: contact, interactions: { edges: expect.any(Array) } } },
    });
    expect((first.value as Part).data?.['contact']).not.toHaveProperty('customerInteractions');
    const alpharun = gateway.requests('alpharun');
    expect(alpharun.length).toBeGreaterThan(0);
    expect(alpharun.every((request) => request.status === 0)).toBe(true);

    release();
    const rest: Part[] = [];
    for await (const part of parts) rest.push(part);
    expect(rest.at(-1)?.hasNext).toBe(false);
    const deferred = rest.flatMap((part) => part.incremental ?? []);
    expect(deferred).toHaveLength(1);
    expect(deferred[0]).toMatchObject({ label: 'timeline', path: ['contact'] });
    expect((deferred[0]?.data?.['customerInteractions'] as { edges: unknown[] }).edges).toHaveLength(5);
  });

  it("codes an upstream failure in a deferred part as in any other, and never passes on the upstream's words", async () => {
    const detail = 'SQL error at db-internal.ctrl-hub.local:5432';
    const contact = [...gateway.simulator.data.ctrlhub.contacts.keys()][0] as string;
    gateway.simulator.fault({
      upstream: 'ctrlhub',
      matching: 'contact_in(',
      effect: { kind: 'status', status: 400, body: JSON.stringify({ errors: [{ status: '400', detail }] }) },
    });
    const parts = await incremental(
      `query ($id: ID!) { contact(id: $id) { ctrlHubId ... @defer { interactions(first: 2) { edges { node { ctrlHubId } } } } } }`,
      { id: contact },
    );
    const all: Part[] = [];
    for await (const part of parts) all.push(part);
    expect(JSON.stringify(all)).not.toContain(detail);
    const errors = all.flatMap((part) => part.incremental ?? []).flatMap((increment) => (increment as { errors?: unknown[] }).errors ?? []);
    expect(errors).toEqual([
      expect.objectContaining({
        message: 'The Ctrl-Hub API answered HTTP 400',
        path: ['contact', 'interactions'],
        extensions: expect.objectContaining({ code: 'UPSTREAM_ERROR', upstream: 'ctrlhub' }),
      }),
    ]);
  });

  it('is refused with 406 Not Acceptable, before any upstream call, when the client does not accept multipart', async () => {
    const answer = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ interactions(first: 2) { edges { node { ctrlHubId ... @defer { method } } } } }' }),
    });
    expect(answer.status).toBe(406);
    expect(await answer.json()).toMatchObject({
      errors: [{ message: expect.stringContaining('multipart/mixed'), extensions: { code: 'NOT_ACCEPTABLE' } }],
    });
    expect(gateway.requests()).toHaveLength(0);
  });
});

describe('@stream', () => {
  it('sends the first items of a list at once and the rest as they resolve', async () => {
    const parts = await incremental('{ interactions(first: 6) { edges @stream(initialCount: 2) { node { ctrlHubId } } } }', {});
    const received: Part[] = [];
    for await (const part of parts) received.push(part);

    const initial = (received[0]?.data?.['interactions'] as { edges: unknown[] }).edges;
    expect(initial).toHaveLength(2);
    const streamed = received.flatMap((part) => part.incremental ?? []).flatMap((increment) => increment.items ?? []);
    expect(streamed).toHaveLength(4);
    expect(received.at(-1)?.hasNext).toBe(false);
    // Streaming changes delivery, not cost: still one Ctrl-Hub request for the page.
    expect(gateway.requests('ctrlhub')).toHaveLength(1);
  });
});
