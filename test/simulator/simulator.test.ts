import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.requests.clear();
  simulator.clearFaults();
});

const ctrlhub = (query: string, token = simulator.ctrlhubSessionToken) =>
  fetch(`${simulator.ctrlhubBaseUrl}/orgs/${simulator.orgId}/customers/interactions?${query}`, { headers: { 'x-session-token': token } });
const alpharun = (path: string, token = simulator.alpharunApiToken) =>
  fetch(`${simulator.alpharunBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('the simulated Ctrl-Hub enforces its contract', () => {
  it('answers 401 without a valid session token', async () => {
    expect((await ctrlhub('limit=1', 'nope')).status).toBe(401);
  });

  it.each([
    ['filter', `filter=${encodeURIComponent("contact_in('a'")}`],
    ['filter', `filter=${encodeURIComponent("colour_in('red')")}`],
    ['include', 'include=contact,secrets'],
    ['limit', 'limit=0'],
    ['offset', 'offset=-1'],
  ])('answers 400 naming the %s parameter for %s', async (parameter, query) => {
    const response = await ctrlhub(query);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { status: string; source: { parameter: string } }[] };
    expect(body.errors[0]).toMatchObject({ status: '400', source: { parameter } });
  });

  it('reads escaped quotes inside filter arguments', async () => {
    const response = await ctrlhub(`filter=${encodeURIComponent("id_in('it\\'s')")}`);
    expect(response.status).toBe(200);
  });

  it('answers 404 for an unknown organisation', async () => {
    const response = await fetch(`${simulator.ctrlhubBaseUrl}/orgs/not-an-org/customers/interactions`, {
      headers: { 'x-session-token': simulator.ctrlhubSessionToken },
    });
    expect(response.status).toBe(404);
  });

  it('reports pagination meta as the contract describes', async () => {
    const body = (await (await ctrlhub('limit=100&offset=4900')).json()) as { meta: { pagination: Record<string, unknown> } };
    expect(body.meta.pagination).toEqual({
      counts: { pages: 50, resources: 5000 },
      current_page: 50,
      offsets: { next: null, previous: 4800 },
      requested: { limit: 100, offset: 4900 },
    });
  });

  it('records requests without their credentials', async () => {
    await ctrlhub('limit=1');
    expect(simulator.requests.entries[0]?.headers['x-session-token']).toBe('[present]');
    expect(JSON.stringify(simulator.requests.entries)).not.toContain(simulator.ctrlhubSessionToken);
  });
});

describe('the simulated Alpharun enforces its contract', () => {
  const contact = () => simulator.data.alpharun.contacts[0];

  it('answers 401 without a valid bearer token', async () => {
    expect((await alpharun(`/contacts/${contact()?.id}/customer-interactions`, 'nope')).status).toBe(401);
  });

  it.each(['0', '101', 'ten'])('answers 400 for limit=%s', async (limit) => {
    expect((await alpharun(`/contacts/${contact()?.id}/customer-interactions?limit=${limit}`)).status).toBe(400);
  });

  it('answers 400 for a cursor of another list', async () => {
    const other = simulator.data.alpharun.contacts.find(
      (candidate) =>
        simulator.data.alpharun.accountOfContact.get(candidate.id) !== simulator.data.alpharun.accountOfContact.get(contact()?.id ?? ''),
    );
    const first = (await (await alpharun(`/contacts/${other?.id}/customer-interactions?limit=1`)).json()) as { next_cursor: string };
    expect((await alpharun(`/contacts/${contact()?.id}/customer-interactions?cursor=${first.next_cursor}`)).status).toBe(400);
  });

  it('defaults to 20 interactions a page', async () => {
    const busiest = [...simulator.data.alpharun.interactionsByAccount.entries()].sort((a, b) => b[1].length - a[1].length)[0]?.[0];
    const member = simulator.data.alpharun.contacts.find(
      (candidate) => simulator.data.alpharun.accountOfContact.get(candidate.id) === busiest,
    );
    const body = (await (await alpharun(`/contacts/${member?.id}/customer-interactions`)).json()) as {
      data: { customer_interactions: unknown[] };
      next_cursor: string | null;
    };
    expect(body.data.customer_interactions).toHaveLength(20);
    expect(body.next_cursor).not.toBeNull();
  });
});

describe('fault knobs', () => {
  it('slows a body down and fires a fault only as often as asked', async () => {
    simulator.fault({ upstream: 'ctrlhub', times: 1, effect: { kind: 'slowBody', delayMs: 300 } });
    const started = Date.now();
    const slow = await ctrlhub('limit=1');
    await slow.json();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    const again = Date.now();
    await (await ctrlhub('limit=1')).json();
    expect(Date.now() - again).toBeLessThan(200);
  });

  it('fails a share of requests at the given rate', async () => {
    simulator.fault({ upstream: 'alpharun', rate: 0.5, effect: { kind: 'status', status: 500 } });
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () =>
        alpharun(`/contacts/${simulator.data.alpharun.contacts[0]?.id}/customer-interactions?limit=1`).then((r) => r.status),
      ),
    );
    const failed = statuses.filter((status) => status === 500).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
  });
});
