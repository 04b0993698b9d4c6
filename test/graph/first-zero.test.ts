import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/** `first: 0` asks for zero edges on every connection, with or without `after` (Relay Cursor Connections). */
let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());

const PAGE = 'edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
const EMPTY = { edges: [], pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null } };

interface Page {
  edges: { cursor: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

async function data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { body } = await gateway.post({ query, variables });
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

describe('first: 0', () => {
  it('returns zero edges on Query.interactions', async () => {
    expect((await data<{ interactions: Page }>(`{ interactions(first: 0) { ${PAGE} } }`)).interactions).toEqual(EMPTY);
  });

  it('returns zero edges after a cursor on Query.interactions, not the item after it', async () => {
    const { interactions } = await data<{ interactions: Page }>('{ interactions(first: 2) { pageInfo { endCursor } } }');
    const after = interactions.pageInfo.endCursor;
    const page = (
      await data<{ interactions: Page }>(`query($after: String) { interactions(first: 0, after: $after) { ${PAGE} } }`, { after })
    ).interactions;
    expect(page).toEqual({ edges: [], pageInfo: { ...EMPTY.pageInfo, hasPreviousPage: true } });
  });

  it('returns zero edges on nested lists (Contact, Account, Property and Representative interactions)', async () => {
    const result = await data<{
      interactions: { edges: { node: Record<string, { interactions: Page } | null> }[] };
    }>(`{ interactions(first: 5) { edges { node { ... on CtrlHubInteraction {
      contact { interactions(first: 0) { ${PAGE} } }
      account { interactions(first: 0) { ${PAGE} } }
      property { interactions(first: 0) { ${PAGE} } }
      representative { interactions(first: 0) { ${PAGE} } }
    } } } } }`);
    const nested = result.interactions.edges.flatMap((edge) =>
      Object.values(edge.node)
        .filter(Boolean)
        .map((parent) => parent?.interactions),
    );
    expect(nested.length).toBeGreaterThan(5);
    for (const connection of nested) expect(connection).toEqual(EMPTY);
  });

  it('returns zero edges after a cursor on Contact.interactions', async () => {
    const { interactions } = await data<{ interactions: { edges: { node: { contact: { id: string } } }[] } }>(
      '{ interactions(first: 1) { edges { node { ... on CtrlHubInteraction { contact { id } } } } } }',
    );
    const id = interactions.edges[0]?.node.contact.id;
    const first = await data<{ contact: { interactions: Page } }>(
      'query($id: ID!) { contact(id: $id) { interactions(first: 1) { pageInfo { endCursor hasNextPage } } } }',
      {
        id,
      },
    );
    const after = first.contact.interactions.pageInfo.endCursor;
    const page = await data<{ contact: { interactions: Page } }>(
      `query($id: ID!, $after: String) { contact(id: $id) { interactions(first: 0, after: $after) { ${PAGE} } } }`,
      {
        id,
        after,
      },
    );
    expect(page.contact.interactions.edges).toEqual([]);
    expect(page.contact.interactions.pageInfo).toMatchObject({ hasPreviousPage: true, startCursor: null, endCursor: null });
  });

  it('returns zero edges on an Alpharun connection', async () => {
    const contact = gateway.simulator.data.alpharun.contacts.find((candidate) => candidate.ext_id)?.ext_id;
    const page = await data<{ contact: { customerInteractions: Page } }>(
      `query($id: ID!) { contact(id: $id) { customerInteractions(first: 0) { ${PAGE} } } }`,
      { id: contact },
    );
    expect(page.contact.customerInteractions.edges).toEqual([]);
    expect(page.contact.customerInteractions.pageInfo).toMatchObject({ hasPreviousPage: false, startCursor: null, endCursor: null });
  });
});
