import { ApolloClient, HttpLink, InMemoryCache, type OperationVariables, type TypedDocumentNode } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientContactTimelineDocument, ClientInteractionsDocument } from '../__generated__/graphql.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';
import { alpharunTimelineOf, busiestAccount } from './expected-lists.js';

/**
 * Apollo Client as an app configures it for Relay-style connections: `relayStylePagination()` type
 * policies, one `watchQuery`, `fetchMore({ after: endCursor })` until `hasNextPage` is false.
 */
let gateway: GatewayFixture;
let sent: Record<string, unknown>[];

beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());

function apolloClient(): ApolloClient {
  sent = [];
  return new ApolloClient({
    link: new HttpLink({
      uri: gateway.url.href,
      fetch: (input, init) => {
        sent.push((JSON.parse(String(init?.body)) as { variables: Record<string, unknown> }).variables);
        return fetch(input, init);
      },
    }),
    cache: new InMemoryCache({
      typePolicies: {
        Query: { fields: { interactions: relayStylePagination(['filter']) } },
        Contact: { fields: { customerInteractions: relayStylePagination() } },
      },
    }),
  });
}

interface Connection<Node> {
  edges: { node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** Pages a watched query to the end with fetchMore and returns the merged connection and the page count. */
async function walk<Data, Variables extends OperationVariables, Node>(
  client: ApolloClient,
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  connectionOf: (data: Data) => Connection<Node> | null | undefined,
): Promise<{ connection: Connection<Node>; pages: number }> {
  const observable = client.watchQuery({ query, variables });
  const subscription = observable.subscribe(() => undefined);
  try {
    let pages = 1;
    let current = (await observable.refetch()).data as Data;
    for (let connection = connectionOf(current); connection?.pageInfo.hasNextPage; connection = connectionOf(current), pages++) {
      await observable.fetchMore({ variables: { after: connection.pageInfo.endCursor } as unknown as Partial<Variables> });
      // The merged list, as the type policy's read function hands it to every watcher of the query.
      const merged = client.readQuery({ query, variables });
      if (!merged) throw new Error('the query left the cache');
      current = merged as Data;
    }
    const connection = connectionOf(current);
    if (!connection) throw new Error('the connection is missing from the cached result');
    return { connection, pages };
  } finally {
    subscription.unsubscribe();
  }
}

describe("Apollo Client's relayStylePagination pages through Relay connections", () => {
  it('walks Query.interactions to the end, every item exactly once', async () => {
    const { account, interactionIds } = busiestAccount(gateway.simulator.data);
    const client = apolloClient();
    const { connection, pages } = await walk(
      client,
      ClientInteractionsDocument,
      { first: 8, filter: { accountIds: [account] } },
      (data) => data.interactions,
    );

    const ids = connection.edges.map(({ node }) => node.ctrlHubId);
    expect(ids).toHaveLength(interactionIds.length);
    expect(new Set(ids)).toEqual(new Set(interactionIds));
    expect(pages).toBe(Math.ceil(interactionIds.length / 8));
    // Every page after the first asked for the one after the previous end cursor, with the same filter.
    expect(
      sent
        .slice(1)
        .every(
          (variables) =>
            typeof variables['after'] === 'string' && (variables['filter'] as { accountIds: string[] }).accountIds[0] === account,
        ),
    ).toBe(true);
    client.stop();
  });

  it('walks Contact.customerInteractions (Alpharun cursors) to the end, every item exactly once', async () => {
    const { contact, interactionIds } = alpharunTimelineOf(gateway.simulator.data);
    const client = apolloClient();
    const { connection, pages } = await walk(
      client,
      ClientContactTimelineDocument,
      { id: contact, first: 11 },
      (data) => data.contact?.customerInteractions,
    );

    const ids = connection.edges.map(({ node }) => node.alpharunId);
    expect(ids).toHaveLength(interactionIds.length);
    expect(new Set(ids)).toEqual(new Set(interactionIds));
    expect(pages).toBe(Math.ceil(interactionIds.length / 11));
    client.stop();
  });
});
