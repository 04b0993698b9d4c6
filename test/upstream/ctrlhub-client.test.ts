import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildFilterExpression } from '../../src/upstream/ctrlhub/filter.js';
import {
  UpstreamHttpError,
  UpstreamProtocolError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../../src/upstream/http/errors.js';
import { rejectionOf, startUpstreams, type UpstreamFixture } from '../support/upstreams.js';

let fixture: UpstreamFixture;
beforeAll(async () => {
  fixture = await startUpstreams();
});
afterAll(() => fixture.close());
beforeEach(() => {
  fixture.simulator.requests.clear();
  fixture.simulator.clearFaults();
});

const accountIds = () => [...fixture.simulator.data.ctrlhub.accounts.keys()];
const contactIds = () => [...fixture.simulator.data.ctrlhub.contacts.keys()];

describe('Ctrl-Hub filter expressions', () => {
  it('writes one named filter as a call with single-quoted arguments', () => {
    expect(buildFilterExpression({ ids: ['a', 'b'] })).toBe("id_in('a','b')");
  });

  it('combines several filters with and(…)', () => {
    expect(buildFilterExpression({ accountIds: ['a'], contactIds: ['b', 'c'] })).toBe("and(account_in('a'),contact_in('b','c'))");
  });

  it('escapes quotes and backslashes inside arguments', () => {
    expect(buildFilterExpression({ contactIds: ["o'neill\\x"] })).toBe("contact_in('o\\'neill\\\\x')");
  });
});

describe('Ctrl-Hub listInteractions', () => {
  it('pages through every page of a filter matching over 1,000 interactions', async () => {
    const accounts = accountIds().slice(0, 7);
    const seen = new Set<string>();
    let offset: number | null | undefined = 0;
    let total: number | undefined;
    while (typeof offset === 'number') {
      const page = await fixture.upstreams.ctrlhub.listInteractions({ filters: { accountIds: accounts }, limit: 100, offset });
      total = page.total;
      for (const interaction of page.interactions) {
        expect(accounts).toContain(interaction.relationships?.account?.data?.id);
        seen.add(interaction.id);
      }
      offset = page.nextOffset;
    }
    expect(total).toBeGreaterThan(1000);
    expect(seen.size).toBe(total);
    expect(fixture.simulator.requests.of('ctrlhub')).toHaveLength(Math.ceil((total ?? 0) / 100));
  });

  it('sends the filter, include, limit and offset exactly as the contract spells them', async () => {
    const [account] = accountIds();
    const contacts = contactIds().slice(0, 2);
    await fixture.upstreams.ctrlhub.listInteractions({
      filters: { accountIds: [account as string], contactIds: contacts },
      include: ['representative', 'contact'],
      limit: 10,
      offset: 5,
    });
    const [request] = fixture.simulator.requests.of('ctrlhub');
    expect(request?.path).toBe(`/v3/orgs/${fixture.simulator.orgId}/customers/interactions`);
    expect(request?.query).toEqual({
      filter: `and(account_in('${account}'),contact_in('${contacts[0]}','${contacts[1]}'))`,
      include: 'contact,representative',
      limit: '10',
      offset: '5',
    });
    expect(request?.headers['x-session-token']).toBe('[present]');
  });

  it('returns only interactions matching every combined filter', async () => {
    const contact = fixture.simulator.data.ctrlhub.contacts.get(contactIds()[3] as string);
    const account = contact?.relationships?.accounts?.data?.[0]?.id as string;
    const page = await fixture.upstreams.ctrlhub.listInteractions({
      filters: { accountIds: [account], contactIds: [contact?.id as string] },
      limit: 100,
    });
    expect(page.interactions.length).toBeGreaterThan(0);
    for (const interaction of page.interactions) {
      expect(interaction.relationships?.contact?.data?.id).toBe(contact?.id);
      expect(interaction.relationships?.account?.data?.id).toBe(account);
    }
  });

  it('returns the included resources asked for, each once', async () => {
    const page = await fixture.upstreams.ctrlhub.listInteractions({ include: ['contact', 'account', 'author'], limit: 50 });
    const keys = page.included.map((resource) => `${resource.type}:${resource.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const interaction of page.interactions) {
      expect(keys).toContain(`contacts:${interaction.relationships?.contact?.data?.id}`);
      expect(keys).toContain(`customer-accounts:${interaction.relationships?.account?.data?.id}`);
      expect(keys).toContain(`authors:${interaction.relationships?.author?.data?.id}`);
    }
    expect(page.included.some((resource) => resource.type === 'properties')).toBe(false);
  });

  it('loads a set of interactions by id with id_in', async () => {
    const ids = fixture.simulator.data.ctrlhub.interactions.slice(100, 105).map((interaction) => interaction.id);
    const page = await fixture.upstreams.ctrlhub.listInteractions({ filters: { ids }, limit: 100 });
    expect(page.interactions.map((interaction) => interaction.id).sort()).toEqual([...ids].sort());
  });

  it('answers an empty id list without asking the upstream', async () => {
    const page = await fixture.upstreams.ctrlhub.listInteractions({ filters: { ids: [] } });
    expect(page.interactions).toEqual([]);
    expect(fixture.simulator.requests.entries).toHaveLength(0);
  });

  it('fetches a range larger than the page limit as several concurrent pages', async () => {
    const range = await fixture.upstreams.ctrlhub.listInteractionRange({ offset: 30, count: 250 });
    expect(range.interactions.map((interaction) => interaction.id)).toEqual(
      fixture.simulator.data.ctrlhub.interactions.slice(30, 280).map((interaction) => interaction.id),
    );
    expect(fixture.simulator.requests.of('ctrlhub').map((request) => [request.query.offset, request.query.limit])).toEqual([
      ['30', '100'],
      ['130', '100'],
      ['230', '50'],
    ]);
  });
});

describe('Ctrl-Hub reads by id', () => {
  it('reads a contact and an account by id', async () => {
    const [contactId] = contactIds();
    const [accountId] = accountIds();
    expect((await fixture.upstreams.ctrlhub.getContact(contactId as string))?.attributes).toEqual(
      fixture.simulator.data.ctrlhub.contacts.get(contactId as string)?.attributes,
    );
    expect((await fixture.upstreams.ctrlhub.getAccount(accountId as string))?.id).toBe(accountId);
  });
});

describe('Ctrl-Hub errors', () => {
  it('maps 401 to an UpstreamHttpError without the token in its message', async () => {
    const wrong = await startUpstreams({ sessionToken: 'wrong-secret-token' });
    try {
      const error = await rejectionOf(wrong.upstreams.ctrlhub.listInteractions({ limit: 1 }));
      expect(error).toBeInstanceOf(UpstreamHttpError);
      expect((error as UpstreamHttpError).status).toBe(401);
      expect(error.message).not.toContain('wrong-secret-token');
    } finally {
      await wrong.close();
    }
  });

  it('maps 400 to an UpstreamHttpError carrying the JSON:API detail', async () => {
    fixture.simulator.fault({
      upstream: 'ctrlhub',
      times: 1,
      effect: {
        kind: 'status',
        status: 400,
        body: JSON.stringify({ errors: [{ status: '400', title: 'A validation error was encountered', detail: 'bad filter' }] }),
      },
    });
    const error = await rejectionOf(fixture.upstreams.ctrlhub.listInteractions({ limit: 1 }));
    expect(error).toMatchObject({ status: 400, detail: 'bad filter' });
  });

  it('reports a 404, on the list and by id, as an UpstreamHttpError (the loaders decide it means absent)', async () => {
    const [contactId] = contactIds();
    fixture.simulator.fault({ upstream: 'ctrlhub', times: 1, effect: { kind: 'status', status: 404 } });
    expect(await rejectionOf(fixture.upstreams.ctrlhub.listInteractions({ limit: 1 }))).toMatchObject({ status: 404 });
    expect(await rejectionOf(fixture.upstreams.ctrlhub.getContact(`${contactId}-unknown`))).toMatchObject({ status: 404 });
  });

  it('maps 500 to an UpstreamHttpError with the trace id and does not retry it', async () => {
    fixture.simulator.fault({ upstream: 'ctrlhub', times: 1, effect: { kind: 'status', status: 500 } });
    const error = await rejectionOf(fixture.upstreams.ctrlhub.listInteractions({ limit: 1 }));
    expect(error).toMatchObject({ status: 500, upstream: 'ctrlhub' });
    expect((error as UpstreamHttpError).traceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fixture.simulator.requests.entries).toHaveLength(1);
  });

  it('retries a 429 after the Retry-After delay and then succeeds', async () => {
    fixture.simulator.fault({ upstream: 'ctrlhub', times: 1, effect: { kind: 'status', status: 429, retryAfter: '1' } });
    const page = await fixture.upstreams.ctrlhub.listInteractions({ limit: 3 });
    expect(page.interactions).toHaveLength(3);
    const [first, second] = fixture.simulator.requests.entries;
    expect(first?.status).toBe(429);
    expect(second?.status).toBe(200);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('gives up on a 429 whose Retry-After is past the call deadline', async () => {
    const short = await startUpstreams({ tuning: { callTimeoutMs: 500 } });
    try {
      short.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'status', status: 429, retryAfter: '30' } });
      const error = await rejectionOf(short.upstreams.ctrlhub.listInteractions({ limit: 1 }));
      expect(error).toMatchObject({ status: 429, retryAfterMs: 30_000 });
      expect(short.simulator.requests.entries).toHaveLength(1);
    } finally {
      await short.close();
    }
  });

  it('ends a hanging upstream call with UpstreamTimeoutError within the configured time', async () => {
    const quick = await startUpstreams({ tuning: { headersTimeoutMs: 300, maxRetries: 0 } });
    try {
      quick.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'hang' } });
      const started = Date.now();
      const error = await rejectionOf(quick.upstreams.ctrlhub.listInteractions({ limit: 1 }));
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect((error as UpstreamTimeoutError).phase).toBe('headers');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await quick.close();
    }
  });

  it('maps a malformed JSON body to UpstreamProtocolError', async () => {
    fixture.simulator.fault({ upstream: 'ctrlhub', times: 1, effect: { kind: 'malformedJson' } });
    expect(await rejectionOf(fixture.upstreams.ctrlhub.listInteractions({ limit: 5 }))).toBeInstanceOf(UpstreamProtocolError);
  });

  it('refuses a body larger than the response size cap', async () => {
    const capped = await startUpstreams({ tuning: { maxResponseBytes: 2048 } });
    try {
      const error = await rejectionOf(capped.upstreams.ctrlhub.listInteractions({ limit: 100 }));
      expect(error).toBeInstanceOf(UpstreamProtocolError);
      expect(error.message).toContain('larger than 2048 bytes');
    } finally {
      await capped.close();
    }
  });

  it('opens the circuit after repeated failures and stops calling the upstream', async () => {
    const fragile = await startUpstreams({ tuning: { breakerThreshold: 2, breakerOpenMs: 60_000, maxRetries: 0 } });
    try {
      fragile.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'status', status: 503 } });
      await rejectionOf(fragile.upstreams.ctrlhub.listInteractions({ limit: 1 }));
      await rejectionOf(fragile.upstreams.ctrlhub.listInteractions({ limit: 1 }));
      const error = await rejectionOf(fragile.upstreams.ctrlhub.listInteractions({ limit: 1 }));
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect(fragile.simulator.requests.entries).toHaveLength(2);
      expect(fragile.upstreams.http.ctrlhub.breakerState()).toBe('open');
    } finally {
      await fragile.close();
    }
  });
});
