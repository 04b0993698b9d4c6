import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import type { ContractLatitude } from '../../src/simulator/latitude.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/**
 * The gateway against upstreams that use the freedoms the contracts leave them (see
 * `src/simulator/latitude.ts`): the independent implementations it is checked against may take any of
 * them, so nothing may depend on the simulator's default habits.
 */

async function withLatitude(latitude: ContractLatitude): Promise<GatewayFixture> {
  return startGateway({ simulator: { latitude } });
}

/** Contacts known to both APIs whose accounts have at least `atLeast` Alpharun interactions, one per account. */
function contactsWithAlpharunLists(gateway: GatewayFixture, atLeast: number): { ctrlHubId: string; total: number }[] {
  const { alpharun } = gateway.simulator.data;
  const byAccount = new Map<string, { ctrlHubId: string; total: number }>();
  for (const contact of alpharun.contacts) {
    const account = alpharun.accountOfContact.get(contact.id);
    const total = account ? (alpharun.interactionsByAccount.get(account)?.length ?? 0) : 0;
    if (contact.ext_id && account && total >= atLeast && !byAccount.has(account))
      byAccount.set(account, { ctrlHubId: contact.ext_id, total });
  }
  return [...byAccount.values()];
}

const customerInteractions = `query ($id: ID!, $first: Int!, $after: String) {
  contact(id: $id) { customerInteractions(first: $first, after: $after) {
    edges { cursor node { alpharunId } } pageInfo { hasNextPage endCursor } } } }`;

interface CustomerInteractions {
  edges: { cursor: string; node: { alpharunId: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
const listOf = (body: ExecutionResult<Record<string, unknown>>) =>
  (body.data?.contact as { customerInteractions: CustomerInteractions } | null)?.customerInteractions;

describe('Alpharun cursors that are positions alone', () => {
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await withLatitude({ positionalCursors: true });
  });
  afterAll(() => gateway.close());

  it("refuses one contact's cursor on another contact's list, before any upstream request", async () => {
    const [first, second] = contactsWithAlpharunLists(gateway, 4);
    if (!first || !second) throw new Error('the dataset has no two accounts with Alpharun lists');
    const page = await gateway.post({
      query: customerInteractions,
      variables: { id: encodeGlobalId('Contact', first.ctrlHubId), first: 2 },
    });
    const after = listOf(page.body)?.pageInfo.endCursor;
    expect(after).toEqual(expect.any(String));

    gateway.resetRequests();
    const foreign = await gateway.post({
      query: customerInteractions,
      variables: { id: encodeGlobalId('Contact', second.ctrlHubId), first: 2, after },
    });
    expect(foreign.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('another list'),
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
    expect(gateway.requests('alpharun').filter((request) => request.query.cursor !== undefined)).toEqual([]);

    // On its own list the cursor goes on where it left off.
    const next = await gateway.post({
      query: customerInteractions,
      variables: { id: encodeGlobalId('Contact', first.ctrlHubId), first: 2, after },
    });
    expect(next.body.errors).toBeUndefined();
    const whole = await gateway.post({
      query: customerInteractions,
      variables: { id: encodeGlobalId('Contact', first.ctrlHubId), first: 4 },
    });
    expect(listOf(next.body)?.edges.map((edge) => edge.node.alpharunId)).toEqual(
      listOf(whole.body)
        ?.edges.slice(2, 4)
        .map((edge) => edge.node.alpharunId),
    );
  });
});

describe('an Alpharun list that ends with next_cursor ""', () => {
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await withLatitude({ emptyEndCursor: true });
  });
  afterAll(() => gateway.close());

  it('ends there: every item once, no next page, and no request for the first page again', async () => {
    const contact = contactsWithAlpharunLists(gateway, 2).find((candidate) => candidate.total <= 20);
    if (!contact) throw new Error('the dataset has no short Alpharun list');
    gateway.resetRequests();
    const { body } = await gateway.post({
      query: customerInteractions,
      variables: { id: encodeGlobalId('Contact', contact.ctrlHubId), first: contact.total + 5 },
    });
    expect(body.errors).toBeUndefined();
    const ids = listOf(body)?.edges.map((edge) => edge.node.alpharunId) ?? [];
    expect(ids).toHaveLength(contact.total);
    expect(new Set(ids).size).toBe(contact.total);
    expect(listOf(body)?.pageInfo.hasNextPage).toBe(false);
    const lists = gateway.requests('alpharun').filter((request) => request.path.endsWith('/customer-interactions'));
    expect(lists.filter((request) => request.query.cursor === undefined)).toHaveLength(1);
    expect(lists.filter((request) => request.query.cursor === '')).toEqual([]);
  });
});

describe('Ctrl-Hub leaving related resources out of included', () => {
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await withLatitude({ omitIncluded: ['properties', 'users', 'authors', 'contacts'] });
  });
  afterAll(() => gateway.close());

  it('keeps each related node by the id its relationship names, and reads what a by-id read can', async () => {
    const { body } = await gateway.post({
      query: `{ interactions(first: 20) { edges { node { ctrlHubId
        contact { id lastName } property { id uprn } representative { id email } author { id } } } } }`,
    });
    expect(body.errors).toBeUndefined();
    const byId = new Map(gateway.simulator.data.ctrlhub.interactions.map((interaction) => [interaction.id, interaction]));
    type Row = {
      ctrlHubId: string;
      contact: { id: string; lastName: string | null } | null;
      property: { id: string; uprn: string | null } | null;
      representative: { id: string; email: string | null } | null;
      author: { id: string } | null;
    };
    const rows = (body.data?.interactions as { edges: { node: Row }[] }).edges.map((edge) => edge.node);
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      const relationships = byId.get(row.ctrlHubId)?.relationships;
      const idOf = (type: string, id: string | undefined) => (id === undefined ? null : encodeGlobalId(type, id));
      expect({
        contact: row.contact?.id ?? null,
        property: row.property?.id ?? null,
        representative: row.representative?.id ?? null,
        author: row.author?.id ?? null,
      }).toEqual({
        contact: idOf('Contact', relationships?.contact?.data?.id),
        property: idOf('Property', relationships?.property?.data?.id),
        representative: idOf('Representative', relationships?.representative?.data?.id),
        author: idOf('Representative', relationships?.author?.data?.id),
      });
      // Contacts have a read by id, which finds what `included` left out; properties and users have none.
      const contact = gateway.simulator.data.ctrlhub.contacts.get(relationships?.contact?.data?.id ?? '');
      if (contact) expect(row.contact?.lastName).toBe(contact.attributes?.last_name ?? null);
      if (row.property) expect(row.property.uprn).toBeNull();
    }
  });
});

describe('an author listed before the same person as a user, without attributes', () => {
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await withLatitude({ bareAuthorsFirst: true });
  });
  afterAll(() => gateway.close());

  it("answers a representative's details from the users entry", async () => {
    const { body } = await gateway.post({
      query: '{ interactions(first: 100) { edges { node { representative { ctrlHubId email } author { ctrlHubId } } } } }',
    });
    expect(body.errors).toBeUndefined();
    const rows = (
      body.data?.interactions as {
        edges: { node: { representative: { ctrlHubId: string; email: string | null } | null; author: { ctrlHubId: string } | null } }[];
      }
    ).edges.map((edge) => edge.node);
    const authors = new Set(rows.map((row) => row.author?.ctrlHubId));
    const both = rows.filter((row) => row.representative && authors.has(row.representative.ctrlHubId));
    expect(both.length).toBeGreaterThan(0);
    for (const row of both)
      expect(row.representative?.email).toBe(
        gateway.simulator.data.ctrlhub.users.get(row.representative?.ctrlHubId ?? '')?.attributes?.email,
      );
  });
});

describe('a related contact Ctrl-Hub no longer has (its read by id is 404)', () => {
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await withLatitude({});
  });
  afterAll(() => gateway.close());

  it('is null where an interaction names it, and kept by its id in its account’s contacts, which read no contact', async () => {
    const { ctrlhub } = gateway.simulator.data;
    const interaction = ctrlhub.interactions.find((candidate) => {
      const account = ctrlhub.accounts.get(candidate.relationships?.account?.data?.id ?? '');
      const contactId = candidate.relationships?.contact?.data?.id;
      return (
        contactId &&
        (account?.relationships?.contacts?.data ?? []).some((contact) => contact.id === contactId) &&
        (account?.relationships?.contacts?.data?.length ?? 0) > 1
      );
    });
    const contactId = interaction?.relationships?.contact?.data?.id as string;
    const gone = ctrlhub.contacts.get(contactId);
    if (!interaction || !gone) throw new Error('the dataset has no interaction whose contact shares its account');
    ctrlhub.contacts.delete(contactId);
    try {
      const { body } = await gateway.post({
        query: `{ node(id: "${encodeGlobalId('CtrlHubInteraction', interaction.id)}") { ... on CtrlHubInteraction { contact { id } account { contacts { ctrlHubId } } } } }`,
      });
      expect(body.errors).toBeUndefined();
      const node = body.data?.node as { contact: unknown; account: { contacts: { ctrlHubId: string }[] } };
      expect(node.contact).toBeNull();
      expect(node.account.contacts.map((contact) => contact.ctrlHubId)).toContain(contactId);
    } finally {
      ctrlhub.contacts.set(contactId, gone);
    }
  });
});
