import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CustomerInteractionsPageDocument,
  InteractionsPageDocument,
  ParentInteractionsPageDocument,
  type InteractionPageFragment,
} from '../__generated__/graphql.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());
beforeEach(() => gateway.resetRequests());

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

type Fetch = (window: { first?: number; after?: string | null; last?: number; before?: string | null }) => Promise<InteractionPageFragment>;

/** Pages forward with `first` to the end, then back with `last` to the start; returns both id lists. */
async function walk(fetchPage: Fetch, size: number) {
  const forward: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 1000; guard += 1) {
    const page: InteractionPageFragment = await fetchPage({ first: size, after });
    forward.push(...page.edges.map((edge) => edge.node.ctrlHubId as string));
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    // Every page but the last is full; the last holds what is left, at least one edge.
    if (page.pageInfo.hasNextPage) expect(page.edges).toHaveLength(size);
    else expect(page.edges.length).toBeGreaterThanOrEqual(after === null ? 0 : 1);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor ?? null;
  }
  const backward: string[] = [];
  let before: string | null = null;
  for (let guard = 0; guard < 1000; guard += 1) {
    const page: InteractionPageFragment = await fetchPage({ last: size, before });
    backward.unshift(...page.edges.map((edge) => edge.node.ctrlHubId as string));
    if (!page.pageInfo.hasPreviousPage) break;
    before = page.pageInfo.startCursor ?? null;
  }
  return { forward, backward };
}

function upstreamOrder(test: (relationships: Record<string, { data?: { id: string } | null } | undefined>) => boolean): string[] {
  return gateway.simulator.data.ctrlhub.interactions
    .filter((interaction) => test(interaction.relationships ?? {}))
    .map((interaction) => interaction.id);
}

describe('paging Ctrl-Hub connections with first: 7 and back with last: 7', () => {
  it('Query.interactions (filtered to one account) reaches every item once, in upstream order, both ways', async () => {
    const [account] = [...gateway.simulator.data.ctrlhub.accounts.keys()];
    const expected = upstreamOrder((r) => r.account?.data?.id === account);
    const { forward, backward } = await walk(async (window) => {
      const result = await gateway.execute(InteractionsPageDocument, { ...window, filter: { accountIds: [account as string] } });
      expect(result.errors).toBeUndefined();
      expect(result.data?.interactions?.totalCount).toBe(expected.length);
      return result.data?.interactions as InteractionPageFragment;
    }, 7);
    expect(forward).toEqual(expected);
    expect(backward).toEqual(expected);
  });

  const parents = [
    { type: 'Contact', relationship: 'contact', pick: () => [...gateway.simulator.data.ctrlhub.contacts.keys()][5] },
    { type: 'Account', relationship: 'account', pick: () => [...gateway.simulator.data.ctrlhub.accounts.keys()][3] },
    { type: 'Property', relationship: 'property', pick: () => [...gateway.simulator.data.ctrlhub.properties.keys()][2] },
    { type: 'Representative', relationship: 'representative', pick: () => [...gateway.simulator.data.ctrlhub.users.keys()][4] },
  ] as const;

  for (const { type, relationship, pick } of parents) {
    it(`${type}.interactions reaches every item once, in upstream order, both ways`, async () => {
      const id = pick() as string;
      const expected = upstreamOrder((r) => r[relationship]?.data?.id === id);
      expect(expected.length).toBeGreaterThan(7);
      const { forward, backward } = await walk(async (window) => {
        const result = await gateway.execute(ParentInteractionsPageDocument, { id: globalId(type, id), ...window });
        expect(result.errors).toBeUndefined();
        const node = result.data?.node as { interactions?: InteractionPageFragment } | null | undefined;
        expect(node?.interactions?.totalCount).toBe(expected.length);
        return node?.interactions as InteractionPageFragment;
      }, 7);
      expect(forward).toEqual(expected);
      expect(backward).toEqual(expected);
    });
  }

  it("reads one parent's first page as first + 1 items, in one request", async () => {
    const account = [...gateway.simulator.data.ctrlhub.accounts.keys()][3] as string;
    const expected = upstreamOrder((r) => r.account?.data?.id === account);
    expect(expected.length).toBeGreaterThan(7);
    const { body } = await gateway.post({
      query: 'query ($id: ID!) { account(id: $id) { interactions(first: 7) { pageInfo { hasNextPage } edges { node { ctrlHubId } } } } }',
      variables: { id: globalId('Account', account) },
    });
    const interactions = (
      body.data?.account as { interactions: { pageInfo: { hasNextPage: boolean }; edges: { node: { ctrlHubId: string } }[] } }
    ).interactions;
    expect(interactions.edges.map((edge) => edge.node.ctrlHubId)).toEqual(expected.slice(0, 7));
    expect(interactions.pageInfo.hasNextPage).toBe(true);
    const lists = gateway.requests('ctrlhub').filter((request) => request.path.endsWith('/customers/interactions'));
    expect(lists.map((request) => request.query)).toEqual([{ filter: `account_in('${account}')`, offset: '0', limit: '8' }]);
  });

  it('serves a page larger than the upstream limit from several upstream pages', async () => {
    const result = await gateway.execute(InteractionsPageDocument, { first: 250, withTotal: false });
    expect(result.data?.interactions?.edges.map((edge) => edge.node.ctrlHubId)).toEqual(
      gateway.simulator.data.ctrlhub.interactions.slice(0, 250).map((i) => i.id),
    );
    expect(gateway.requests('ctrlhub').map((request) => [request.query.offset, request.query.limit])).toEqual([
      ['0', '100'],
      ['100', '100'],
      ['200', '50'],
    ]);
  });

  it('pages between two cursors with first and before', async () => {
    const all = await gateway.execute(InteractionsPageDocument, { first: 20, withTotal: false });
    const edges = all.data?.interactions?.edges ?? [];
    const between = await gateway.execute(InteractionsPageDocument, {
      first: 100,
      after: edges[4]?.cursor,
      before: edges[10]?.cursor,
      withTotal: false,
    });
    expect(between.data?.interactions?.edges.map((edge) => edge.cursor)).toEqual(edges.slice(5, 10).map((edge) => edge.cursor));
    expect(between.data?.interactions?.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });
});

describe('paging Alpharun connections (cursor based)', () => {
  function busiestContact() {
    const { alpharun } = gateway.simulator.data;
    const [accountId, list] = [...alpharun.interactionsByAccount.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
    const contact = alpharun.contacts.find((candidate) => candidate.ext_id && alpharun.accountOfContact.get(candidate.id) === accountId);
    return { ctrlHubId: contact?.ext_id as string, expected: (list ?? []).map((interaction) => interaction.id) };
  }

  it('first: 250 returns 250 edges from 3 upstream pages', async () => {
    const { ctrlHubId, expected } = busiestContact();
    const result = await gateway.execute(CustomerInteractionsPageDocument, { id: globalId('Contact', ctrlHubId), first: 250 });
    const connection = (
      result.data?.node as {
        customerInteractions?: { edges: { node: { alpharunId?: string | null } }[]; pageInfo: { hasNextPage: boolean } };
      }
    ).customerInteractions;
    expect(connection?.edges.map((edge) => edge.node.alpharunId)).toEqual(expected.slice(0, 250));
    expect(connection?.pageInfo.hasNextPage).toBe(expected.length > 250);
    expect(gateway.requests('alpharun').map((request) => request.query.limit)).toEqual(['100', '100', '50']);
  });

  it('first: 7 reaches every item exactly once, resuming after any edge', async () => {
    const { ctrlHubId, expected } = busiestContact();
    type Page = {
      edges: { cursor: string; node: { alpharunId?: string | null } }[];
      pageInfo: { hasNextPage: boolean; endCursor?: string | null };
    };
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard += 1) {
      const result = await gateway.execute(CustomerInteractionsPageDocument, { id: globalId('Contact', ctrlHubId), first: 7, after });
      const connection: Page = (result.data?.node as { customerInteractions: Page }).customerInteractions;
      seen.push(...connection.edges.map((edge) => edge.node.alpharunId as string));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor ?? null;
    }
    expect(seen).toEqual(expected);

    // Resuming from an edge in the middle of an upstream page replays that page and skips past the edge.
    const firstPage = await gateway.execute(CustomerInteractionsPageDocument, { id: globalId('Contact', ctrlHubId), first: 10 });
    const edges = (firstPage.data?.node as { customerInteractions: { edges: { cursor: string }[] } }).customerInteractions.edges;
    const resumed = await gateway.execute(CustomerInteractionsPageDocument, {
      id: globalId('Contact', ctrlHubId),
      first: 3,
      after: edges[3]?.cursor,
    });
    expect(
      (
        resumed.data?.node as { customerInteractions: { edges: { node: { alpharunId?: string | null } }[] } }
      ).customerInteractions.edges.map((edge) => edge.node.alpharunId),
    ).toEqual(expected.slice(4, 7));
  });

  it('Account.customerInteractions lists the account through one of its contacts', async () => {
    const { ctrlHubId, expected } = busiestContact();
    const accountId = gateway.simulator.data.ctrlhub.contacts.get(ctrlHubId)?.relationships?.accounts?.data?.[0]?.id as string;
    const result = await gateway.execute(CustomerInteractionsPageDocument, { id: globalId('Account', accountId), first: 5 });
    expect(
      (result.data?.node as { customerInteractions: { edges: { node: { alpharunId?: string | null } }[] } }).customerInteractions.edges.map(
        (edge) => edge.node.alpharunId,
      ),
    ).toEqual(expected.slice(0, 5));
  });
});
