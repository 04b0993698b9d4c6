import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InteractionsPageDocument, LogInteractionDocument, UpdateInteractionDocument } from '../__generated__/graphql.js';
import { encodeGlobalId, MAX_ID_LENGTH, tryDecodeGlobalId } from '../../src/schema/global-id.js';
import { buildFilterExpression } from '../../src/upstream/ctrlhub/filter.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/**
 * Ids are client-chosen text. Whatever it is, it reaches Ctrl-Hub only as itself (a path segment,
 * encoded; a filter argument, quoted; a JSON string, unchanged) or not at all; an id nobody knows is a
 * coded error or a user error on its field, never a crash, and nothing is written for it.
 */
let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());
beforeEach(() => gateway.resetRequests());

/** Any text, plus spellings an attacker tries on paths, filters and global ids. */
const hostileId = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  // Either side of the longest id accepted.
  fc.string({ unit: 'binary', minLength: MAX_ID_LENGTH - 4, maxLength: MAX_ID_LENGTH + 4 }),
  fc.constantFrom(
    '../../orgs/other',
    '%2e%2e%2f',
    '\ud800',
    'a\udfffb',
    "x') or id_in('y",
    'a/b?c#d',
    ' ',
    '\u0000',
    'Q29udGFjdDo=',
    'Q3RybEh1YkludGVyYWN0aW9uOg',
    // Dot segments, raw and as a Contact's global id (found by this property: a request error, not a user error).
    '.',
    '..',
    encodeGlobalId('Contact', '.'),
    encodeGlobalId('Contact', '..'),
  ),
  fc.string({ minLength: 1, maxLength: 20 }).map((local) => encodeGlobalId('CtrlHubInteraction', local)),
  fc.string({ minLength: 1, maxLength: 20 }).map((local) => encodeGlobalId('Contact', local)),
);
const writesMade = () => gateway.requests('ctrlhub').filter((request) => request.method !== 'GET');
const orgPath = () => `/v3/orgs/${gateway.simulator.orgId}/customers`;

describe('ids in query arguments, whatever their text', () => {
  it('a filter id reaches the list endpoint exactly as given, quoted, or is refused as BAD_USER_INPUT', async () => {
    await fc.assert(
      fc.asyncProperty(hostileId, async (id) => {
        gateway.resetRequests();
        const { data, errors } = await gateway.execute(InteractionsPageDocument, { first: 5, filter: { contactIds: [id] } });
        for (const error of errors ?? []) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        if (errors) {
          expect(gateway.requests()).toEqual([]);
          return;
        }
        expect(data?.interactions?.totalCount).toBe(0);
        const local = tryDecodeGlobalId(id)?.id ?? id;
        for (const request of gateway.requests()) {
          expect(request.rawPath).toBe(`${orgPath()}/interactions`);
          expect(request.query.filter).toBe(buildFilterExpression({ contactIds: [local] }));
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('batches of ids, whatever their text', () => {
  it('keep every filter within CTRLHUB_MAX_FILTER_CHARS as sent on the wire, escapes counted', async () => {
    // A `'` or `\\` costs its escape and the escape's encoding: counted as one character, 8 such ids made a 6,688-character filter.
    // Longest local id whose global id stays within MAX_ID_LENGTH when every character is a two-byte `é`.
    const longest = Math.floor((Math.floor(MAX_ID_LENGTH / 4) * 3 - 'Property:'.length) / 2);
    const escaped = fc.array(fc.string({ unit: fc.constantFrom("'", '\\', 'a', '%', ' ', 'é'), minLength: 150, maxLength: longest }), {
      minLength: 4,
      maxLength: 12,
    });
    await fc.assert(
      fc.asyncProperty(escaped, async (locals) => {
        gateway.resetRequests();
        const { body } = await gateway.post({
          query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
          variables: { ids: locals.map((local) => encodeGlobalId('Property', local)) },
        });
        expect(body.errors).toBeUndefined();
        const filters = gateway
          .requests('ctrlhub')
          .flatMap((request) => (request.query.filter === undefined ? [] : [request.query.filter]));
        expect(filters.length).toBeGreaterThan(0);
        for (const filter of filters) {
          const onTheWire = new URLSearchParams({ filter }).toString().length - 'filter='.length;
          // The budget is the ids', the call around them (`property_in(` and `)`) comes on top.
          expect(onTheWire).toBeLessThanOrEqual(4000 + new URLSearchParams({ f: 'property_in()' }).toString().length);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('ids that are not well-formed Unicode (lone surrogates), which no URL can carry', () => {
  it.each(['\ud800', 'a\udfffb', '\udc00\ud800'])(
    '%j is refused in a filter (BAD_USER_INPUT) and in a mutation (a user error), and nothing is sent',
    async (id) => {
      const read = await gateway.execute(InteractionsPageDocument, { first: 5, filter: { contactIds: [id] } });
      expect(read.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      const write = await gateway.execute(UpdateInteractionDocument, { input: { id, notes: 'x' } });
      expect(write.errors).toBeUndefined();
      expect(write.data?.updateInteraction?.userErrors).toEqual([{ field: 'id', code: 'INVALID', message: expect.any(String) }]);
      const log = await gateway.execute(LogInteractionDocument, {
        input: { method: 'SMS', direction: 'OUTBOUND', dateTime: '2026-12-02T10:00:00Z', representativeId: id },
      });
      expect(log.data?.logInteraction?.userErrors.map((error) => [error.field, error.code])).toEqual([['representativeId', 'INVALID']]);
      expect(gateway.requests()).toEqual([]);
    },
  );
});

describe(`ids longer than ${MAX_ID_LENGTH} characters, which name no upstream record`, () => {
  /** Every place an id enters, as a query or a mutation: [name, document, variables, where the refusal shows]. */
  const ENTRIES: [string, string, (id: string) => Record<string, unknown>, 'error' | string][] = [
    ['contact(id:)', 'query($id: ID!) { contact(id: $id) { id } }', (id) => ({ id }), 'error'],
    ['account(id:)', 'query($id: ID!) { account(id: $id) { id } }', (id) => ({ id }), 'error'],
    ['property(id:)', 'query($id: ID!) { property(id: $id) { id } }', (id) => ({ id }), 'error'],
    ['representative(id:)', 'query($id: ID!) { representative(id: $id) { id } }', (id) => ({ id }), 'error'],
    ['node(id:)', 'query($id: ID!) { node(id: $id) { id } }', (id) => ({ id }), 'error'],
    ['nodes(ids:)', 'query($id: ID!) { nodes(ids: [$id]) { id } }', (id) => ({ id }), 'error'],
    [
      'filter.contactIds',
      'query($id: ID!) { interactions(first: 1, filter: { contactIds: [$id] }) { totalCount } }',
      (id) => ({ id }),
      'error',
    ],
    ['filter.ids', 'query($id: ID!) { interactions(first: 1, filter: { ids: [$id] }) { totalCount } }', (id) => ({ id }), 'error'],
    [
      'updateInteraction.id',
      'mutation($id: ID!) { m: updateInteraction(input: { id: $id, notes: "x" }) { userErrors { field code } } }',
      (id) => ({ id }),
      'id',
    ],
    ...(['contactId', 'accountId', 'propertyId', 'representativeId'] as const).map(
      (field): [string, string, (id: string) => Record<string, unknown>, string] => [
        `logInteraction.${field}`,
        `mutation($id: ID!) { m: logInteraction(input: { method: SMS, direction: OUTBOUND, dateTime: "2026-12-02T10:00:00Z", ${field}: $id }) { userErrors { field code } } }`,
        (id) => ({ id }),
        field,
      ],
    ),
    [
      'reassignInteraction.id',
      'mutation($id: ID!) { m: reassignInteraction(input: { id: $id, representativeId: "u-1" }) { userErrors { field code } } }',
      (id) => ({ id }),
      'id',
    ],
    [
      'reassignInteraction.contactId',
      'mutation($id: ID!) { m: reassignInteraction(input: { id: "i-1", contactId: $id }) { userErrors { field code } } }',
      (id) => ({ id }),
      'contactId',
    ],
  ];
  const tooLong = [
    'x'.repeat(MAX_ID_LENGTH + 1),
    'x'.repeat(20_000),
    encodeGlobalId('Contact', 'c'.repeat(20_000)),
    encodeGlobalId('CtrlHubInteraction', 'i'.repeat(MAX_ID_LENGTH)),
  ];

  it.each(ENTRIES)(
    '%s: refused (BAD_USER_INPUT, or a user error INVALID on its field) before any upstream request',
    async (_name, query, variables, refusal) => {
      for (const id of tooLong) {
        gateway.resetRequests();
        const { body } = await gateway.post({ query, variables: variables(id) });
        if (refusal === 'error') expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
        else expect(body).toEqual({ data: { m: { userErrors: [{ field: refusal, code: 'INVALID' }] } } });
        expect(gateway.requests()).toEqual([]);
      }
    },
  );

  it(`still sends an id of exactly ${MAX_ID_LENGTH} characters on, as one path segment`, async () => {
    const id = 'x'.repeat(MAX_ID_LENGTH);
    const { body } = await gateway.post({ query: 'query($id: ID!) { contact(id: $id) { id } }', variables: { id } });
    expect(body.errors).toBeUndefined();
    expect(gateway.requests('ctrlhub').map((request) => request.rawPath)).toEqual([`${orgPath()}/contacts/${id}`]);
  });
});

describe("raw Contact and Account ids spelled as the gateway's key of a node only Alpharun knows", () => {
  const interaction = () => gateway.simulator.data.ctrlhub.interactions[0]?.id as string;
  /** [mutation, field, document]: every input that links a Contact or an Account. */
  const LINKS: [string, 'contactId' | 'accountId', (id: string) => { query: string; variables: Record<string, unknown> }][] = (
    ['contactId', 'accountId'] as const
  ).flatMap((field) => [
    [
      'logInteraction',
      field,
      (id: string) => ({
        query: `mutation($id: ID!) { m: logInteraction(input: { method: SMS, direction: OUTBOUND, dateTime: "2026-12-02T10:00:00Z", ${field}: $id }) { userErrors { field code } } }`,
        variables: { id },
      }),
    ],
    [
      'reassignInteraction',
      field,
      (id: string) => ({
        query: `mutation($target: ID!, $id: ID!) { m: reassignInteraction(input: { id: $target, ${field}: $id }) { userErrors { field code } } }`,
        variables: { target: interaction(), id },
      }),
    ],
  ]);
  const SPELLINGS = [
    'alpharun:x',
    'alpharun:',
    'alpharun:.',
    'alpharun:..',
    'alpharun:../../orgs/other',
    'alpharun:["..","."]',
    'alpharun:%2e%2e',
  ];

  it.each(LINKS)('%s.%s: a user error NOT_FOUND on its field, and nothing sent to either upstream', async (_mutation, field, request) => {
    for (const id of SPELLINGS) {
      gateway.resetRequests();
      const { body } = await gateway.post(request(id));
      expect(body, id).toEqual({ data: { m: { userErrors: [{ field, code: 'NOT_FOUND' }] } } });
      expect(gateway.requests(), id).toEqual([]);
    }
  });
});

describe('ids in mutation inputs, whatever their text', () => {
  it('updateInteraction: an unknown id is a user error on `id`, read through the list endpoint only, never written', async () => {
    await fc.assert(
      fc.asyncProperty(hostileId, async (id) => {
        gateway.resetRequests();
        const { data, errors } = await gateway.execute(UpdateInteractionDocument, { input: { id, notes: 'x' } });
        expect(errors).toBeUndefined();
        expect(data?.updateInteraction?.userErrors.map((error) => error.field)).toEqual(['id']);
        expect(writesMade()).toEqual([]);
        for (const request of gateway.requests()) expect(request.rawPath).toBe(`${orgPath()}/interactions`);
      }),
      { numRuns: 60 },
    );
  });

  it('logInteraction: an unknown contactId is a user error on `contactId`, read as one path segment, never written', async () => {
    await fc.assert(
      fc.asyncProperty(hostileId, async (contactId) => {
        gateway.resetRequests();
        const input = { method: 'SMS', direction: 'OUTBOUND', dateTime: '2026-12-02T10:00:00Z', contactId } as const;
        const { data, errors } = await gateway.execute(LogInteractionDocument, { input });
        expect(errors).toBeUndefined();
        expect(data?.logInteraction?.userErrors.map((error) => error.field)).toEqual(['contactId']);
        expect(writesMade()).toEqual([]);
        for (const request of gateway.requests()) {
          const segments = request.rawPath.slice(orgPath().length).split('/');
          expect(segments.slice(0, 2)).toEqual(['', segments[1] === 'contacts' ? 'contacts' : 'interactions']);
          expect(segments.length).toBeLessThanOrEqual(3);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('logInteraction: a representativeId Ctrl-Hub must judge reaches it unchanged in the body, and an unknown one is a user error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), async (representativeId) => {
        gateway.resetRequests();
        const input = { method: 'SMS', direction: 'OUTBOUND', dateTime: '2026-12-02T10:00:00Z', representativeId } as const;
        const { data, errors } = await gateway.execute(LogInteractionDocument, { input });
        expect(errors).toBeUndefined();
        expect(data?.logInteraction?.interaction).toBeNull();
        expect(data?.logInteraction?.userErrors).toHaveLength(1);
        for (const post of writesMade()) {
          expect(post.status).toBe(404);
          expect(JSON.parse(post.body ?? '').data.relationships.representative.data.id).toBe(representativeId.trim());
        }
      }),
      { numRuns: 60 },
    );
  });
});
