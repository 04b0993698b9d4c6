import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway({ limits: { maxPageSize: 500, maxNodes: 100 } });
});
afterAll(() => gateway.close());
beforeEach(() => gateway.resetRequests());

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const realContact = () => globalId('Contact', [...gateway.simulator.data.ctrlhub.contacts.keys()][0] as string);
const alpharunCursor = Buffer.from(JSON.stringify({ v: 1, k: 'u', c: null, l: 5, s: 2 })).toString('base64url');
const offsetCursor = Buffer.from(JSON.stringify({ v: 1, k: 'o', o: 3 })).toString('base64url');

/** Sends `query`, expects exactly one BAD_USER_INPUT error whose message names the fix, and no upstream request. */
async function expectBadInput(query: string, messagePart: RegExp, upstream: 'ctrlhub' | 'alpharun' | 'any' = 'any') {
  const { status, body } = await gateway.post({ query });
  expect(status).toBe(200);
  expect(body.errors).toHaveLength(1);
  expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(body.errors?.[0]?.message).toMatch(messagePart);
  const sent = upstream === 'any' ? gateway.requests() : gateway.requests(upstream);
  expect(sent).toHaveLength(0);
}

describe('bad input is one BAD_USER_INPUT error and no upstream request', () => {
  it('rejects a negative first', () =>
    expectBadInput('{ interactions(first: -1) { edges { cursor } } }', /`first` must be between 0 and 500, got -1/));

  it('rejects a first above the maximum page size', () =>
    expectBadInput('{ interactions(first: 100000) { edges { cursor } } }', /`first` must be between 0 and 500, got 100000/));

  it('rejects first and last together', () =>
    expectBadInput('{ interactions(first: 2, last: 2) { edges { cursor } } }', /either `first`.*or `last`.*not both/));

  it('rejects a malformed cursor', () =>
    expectBadInput('{ interactions(first: 2, after: "not-a-cursor!") { edges { cursor } } }', /`after` is not a valid cursor/));

  it('rejects a cursor of another kind of connection', () =>
    expectBadInput(
      `{ interactions(first: 2, after: "${alpharunCursor}") { edges { cursor } } }`,
      /cursor from a different kind of connection/,
    ));

  it('rejects an offset cursor on an Alpharun connection', () =>
    expectBadInput(
      `{ node(id: "${realContact()}") { ... on Contact { customerInteractions(first: 2, after: "${offsetCursor}") { edges { cursor } } } } }`,
      /different kind of connection/,
      'alpharun',
    ));

  it("rejects another list's cursor: another filter, another parent", async () => {
    const [first, second] = [...gateway.simulator.data.ctrlhub.contacts.keys()];
    const { body } = await gateway.post({
      query: `{ interactions(first: 2, filter: { contactIds: ["${first}"] }) { pageInfo { endCursor } } }`,
    });
    const after = (body.data?.interactions as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    gateway.resetRequests();
    await expectBadInput(
      `{ interactions(first: 2, after: "${after}", filter: { contactIds: ["${second}"] }) { edges { cursor } } }`,
      /another list/,
    );
    await expectBadInput(`{ interactions(first: 2, after: "${after}") { edges { cursor } } }`, /another list/);
    // The same list spelled otherwise takes it: the id twice, or once as a global id.
    for (const spelling of [
      `["${first}", "${first}"]`,
      `["${first}", "${globalId('Contact', first as string)}"]`,
      // A contact only Alpharun knows has no Ctrl-Hub interactions: the list sent is the same.
      `["${first}", "${globalId('Contact', 'alpharun:someone')}"]`,
    ]) {
      const same = await gateway.post({
        query: `{ interactions(first: 2, after: "${after}", filter: { contactIds: ${spelling} }) { edges { cursor } } }`,
      });
      expect({ spelling, errors: same.body.errors }).toEqual({ spelling, errors: undefined });
    }
    gateway.resetRequests();
    // The contact itself is read; its list is not.
    const nested = await gateway.post({
      query: `{ contact(id: "${second}") { interactions(first: 2, after: "${after}") { edges { cursor } } } }`,
    });
    expect(nested.body.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/another list/), path: ['contact', 'interactions'] }),
    ]);
    expect(gateway.requests().filter((request) => request.query.filter?.startsWith('contact_in('))).toEqual([]);
  });

  it('rejects an Alpharun cursor whose page is larger than Alpharun allows', () =>
    expectBadInput(
      `{ node(id: "${realContact()}") { ... on Contact { customerInteractions(first: 2, after: "${Buffer.from(JSON.stringify({ v: 1, k: 'u', c: 'x', l: 1000, s: 1 })).toString('base64url')}") { edges { cursor } } } } }`,
      /`after` is not a valid cursor/,
      'alpharun',
    ));

  it('rejects a filter too long for one Ctrl-Hub request, naming the limit, and sends a page of 100 ids as one', async () => {
    // The list is one offset list: it cannot be read as several and merged, so it is never split.
    const uuid = (index: number) => `"00000000-0000-4000-8000-${String(index).padStart(12, '0')}"`;
    const query = (count: number) =>
      `{ interactions(first: 2, filter: { ids: [${Array.from({ length: count }, (_, index) => uuid(index)).join(',')}] }) { edges { cursor } } }`;
    await expectBadInput(query(300), /would be \d+ characters, at most 7168; ask for fewer/);
    for (const count of [100, 150]) {
      gateway.resetRequests();
      const { body } = await gateway.post({ query: query(count) });
      expect(body.errors).toBeUndefined();
      expect(gateway.requests().map((request) => request.query.filter?.split("','").length)).toEqual([count]);
    }
    // Repeated ids are one id.
    gateway.resetRequests();
    const repeated = `{ interactions(first: 2, filter: { ids: [${Array.from({ length: 400 }, () => uuid(7)).join(',')}] }) { edges { cursor } } }`;
    expect((await gateway.post({ query: repeated })).body.errors).toBeUndefined();
    expect(gateway.requests().map((request) => request.query.filter)).toEqual([`id_in(${uuid(7).replaceAll('"', "'")})`]);
  });

  it('rejects last on an Alpharun connection, saying to page forward', () =>
    expectBadInput(
      `{ node(id: "${realContact()}") { ... on Contact { customerInteractions(last: 3) { edges { cursor } } } } }`,
      /pages forward only.*use `first` and `after`/,
      'alpharun',
    ));

  it('rejects a node id that is not a global id', () =>
    expectBadInput('{ node(id: "definitely not an id") { id } }', /is not a global id/));

  it('rejects a global id of a type the graph does not have', () =>
    expectBadInput(`{ node(id: "${globalId('Widget', '1')}") { id } }`, /is not a global id/));

  it('rejects a global id of the wrong type in a filter', () =>
    expectBadInput(
      `{ interactions(first: 1, filter: { contactIds: ["${globalId('Account', 'a')}"] }) { edges { cursor } } }`,
      /`filter.contactIds` is the global id of an Account, but a Contact id is expected here/,
    ));

  it('rejects more nodes than allowed in one call', () =>
    expectBadInput(
      `{ nodes(ids: [${Array.from({ length: 101 }, (_, i) => `"${globalId('Contact', String(i))}"`).join(',')}]) { id } }`,
      /at most 100 ids/,
    ));

  it('still answers a normal query afterwards', async () => {
    const { body } = await gateway.post({ query: '{ interactions(first: 1) { edges { cursor } } }' });
    expect(body.errors).toBeUndefined();
  });
});
