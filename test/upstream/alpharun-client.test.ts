import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contactPathSegment } from '../../src/upstream/alpharun/client.js';
import { UpstreamHttpError, UpstreamRequestError } from '../../src/upstream/http/errors.js';
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

/** A Ctrl-Hub contact that Alpharun knows, in the account with the most Alpharun interactions. */
function busiestLinkedContact() {
  const { alpharun } = fixture.simulator.data;
  const [accountId] = [...alpharun.interactionsByAccount.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  const contact = alpharun.contacts.find((candidate) => candidate.ext_id && alpharun.accountOfContact.get(candidate.id) === accountId);
  return { contact: contact!, total: alpharun.interactionsByAccount.get(accountId as string)?.length ?? 0 };
}

describe('Alpharun listContactInteractions', () => {
  it('rejects limit 0 and 101 locally with a clear error, sending nothing', async () => {
    const { contact } = busiestLinkedContact();
    for (const limit of [0, 101, 2.5]) {
      const error = await rejectionOf(fixture.upstreams.alpharun.listContactInteractions({ contact: { id: contact.id }, limit }));
      expect(error).toBeInstanceOf(UpstreamRequestError);
      expect(error.message).toContain('limit must be an integer from 1 to 100');
    }
    expect(fixture.simulator.requests.entries).toHaveLength(0);
  });

  it('follows next_cursor to the end, seeing every interaction of the account once', async () => {
    const { contact, total } = busiestLinkedContact();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await fixture.upstreams.alpharun.listContactInteractions({
        contact: { extId: contact.ext_id as string },
        limit: 100,
        cursor,
      });
      seen.push(...page.interactions.map((interaction) => interaction.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(total).toBeGreaterThan(200);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 100));
    const requests = fixture.simulator.requests.of('alpharun');
    expect(requests[0]?.query).toEqual({ limit: '100' });
    expect(requests[1]?.query.cursor).toBeTruthy();
  });

  it('addresses a contact by ext_id as one percent-encoded path segment', async () => {
    expect(contactPathSegment({ extId: 'a/b c' })).toBe('alt:ext_id:a%2Fb%20c');
    const error = await rejectionOf(fixture.upstreams.alpharun.listContactInteractions({ contact: { extId: 'a/b c' } }));
    expect(error).toMatchObject({ status: 404 });
    expect(fixture.simulator.requests.entries[0]?.rawPath).toBe('/api/v1/contacts/alt:ext_id:a%2Fb%20c/customer-interactions');
    expect(fixture.simulator.requests.entries[0]?.headers.authorization).toBe('[present]');
  });

  it('addresses a contact by UUID and by ext_id with the same result', async () => {
    const { contact } = busiestLinkedContact();
    const byId = await fixture.upstreams.alpharun.listContactInteractions({ contact: { id: contact.id }, limit: 5 });
    const byExtId = await fixture.upstreams.alpharun.listContactInteractions({ contact: { extId: contact.ext_id as string }, limit: 5 });
    expect(byId.interactions).toHaveLength(5);
    expect(byExtId.interactions).toEqual(byId.interactions);
  });

  it('maps an unknown contact to a 404 UpstreamHttpError', async () => {
    const error = await rejectionOf(
      fixture.upstreams.alpharun.listContactInteractions({ contact: { id: '00000000-0000-4000-8000-000000000000' } }),
    );
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect((error as UpstreamHttpError).status).toBe(404);
  });

  it('maps a bad token to 401 without leaking it', async () => {
    const wrong = await startUpstreams({ apiToken: 'wrong-bearer-secret' });
    try {
      const error = await rejectionOf(wrong.upstreams.alpharun.listContactInteractions({ contact: { id: 'x' } }));
      expect(error).toMatchObject({ status: 401 });
      expect(error.message).not.toContain('wrong-bearer-secret');
    } finally {
      await wrong.close();
    }
  });

  it('maps a rejected cursor to a 400 UpstreamHttpError', async () => {
    const { contact } = busiestLinkedContact();
    const error = await rejectionOf(
      fixture.upstreams.alpharun.listContactInteractions({ contact: { id: contact.id }, cursor: 'not-a-cursor' }),
    );
    expect(error).toMatchObject({ status: 400 });
  });
});

describe('Alpharun other reads', () => {
  it('reads one interaction by id and reports an unknown one as a 404', async () => {
    const interaction = [...fixture.simulator.data.alpharun.interactionsByAccount.values()].flat()[3];
    expect(await fixture.upstreams.alpharun.getInteraction(interaction?.id as string)).toEqual(interaction);
    expect(await rejectionOf(fixture.upstreams.alpharun.getInteraction('unknown'))).toMatchObject({ status: 404 });
  });

  it('lists contacts with display_name on their custom fields', async () => {
    const page = await fixture.upstreams.alpharun.listContacts({ limit: 10 });
    expect(page.contacts).toHaveLength(10);
    expect(page.nextCursor).not.toBeNull();
    expect(page.contacts[0]?.custom_fields?.[0]?.display_name).toBeTruthy();
  });
});
