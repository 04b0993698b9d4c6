import { ApolloClient, gql, HttpLink, InMemoryCache, type Reference } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ClientContactInteractionsDocument, ClientLogInteractionDocument } from '../__generated__/graphql.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/**
 * Apollo Client logs an interaction the way an app with `relayStylePagination()` does: the mutation's
 * `interactionEdge` is written into the cached connection with `cache.modify`, so the list a watcher
 * already holds shows it at once, without a refetch.
 */
let gateway: GatewayFixture;
const sent: string[] = [];

beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());

const client = () =>
  new ApolloClient({
    link: new HttpLink({
      uri: () => gateway.url.href,
      fetch: (input, init) => {
        sent.push((JSON.parse(String(init?.body)) as { operationName: string }).operationName);
        return fetch(input, init);
      },
    }),
    cache: new InMemoryCache({ typePolicies: { Contact: { fields: { interactions: relayStylePagination() } } } }),
  });

const NEW_INTERACTION = gql`
  fragment NewInteraction on CtrlHubInteraction {
    id
    notes
    method
  }
`;

interface StoredConnection {
  edges: { cursor: string; node: Reference }[];
}

it("shows the logged interaction in the contact list it holds, through cache.modify, with the store's id matching a later query", async () => {
  const apollo = client();
  const contact = encodeGlobalId('Contact', gateway.simulator.data.ctrlhub.interactions[1]?.relationships?.contact?.data?.id as string);
  const variables = { id: contact, first: 5 };
  const watched = apollo.watchQuery({ query: ClientContactInteractionsDocument, variables });
  const seen: string[][] = [];
  const subscription = watched.subscribe(({ data }) => {
    const edges = (data as { contact?: { interactions?: { edges: { node: { id: string } }[] } } } | undefined)?.contact?.interactions
      ?.edges;
    if (edges) seen.push(edges.map((edge) => edge.node.id));
  });
  try {
    const before = (await watched.refetch()).data?.contact?.interactions?.edges ?? [];
    const result = await apollo.mutate({
      mutation: ClientLogInteractionDocument,
      variables: {
        input: { method: 'EMAIL', direction: 'INBOUND', dateTime: '2026-12-02T15:00:00Z', contactId: contact, notes: 'Logged from Apollo' },
      },
      update(cache, { data }) {
        const edge = data?.logInteraction?.interactionEdge;
        if (!edge) return;
        cache.modify({
          id: cache.identify({ __typename: 'Contact', id: contact }),
          fields: {
            interactions(existing) {
              const connection = existing as StoredConnection;
              const node = cache.writeFragment({ data: edge.node, fragment: NEW_INTERACTION });
              if (!node) return existing;
              return { ...connection, edges: [{ __typename: 'InteractionEdge', cursor: edge.cursor, node }, ...connection.edges] };
            },
          },
        });
      },
    });
    const created = result.data?.logInteraction?.interactionEdge?.node;
    expect(created?.notes).toBe('Logged from Apollo');

    const held = apollo.readQuery({ query: ClientContactInteractionsDocument, variables })?.contact?.interactions?.edges ?? [];
    expect(held.map((edge) => edge.node.id)).toEqual([created?.id, ...before.map((edge) => edge.node.id)]);
    expect(seen.at(-1)).toEqual([created?.id, ...before.map((edge) => edge.node.id)]);
    expect(sent).toEqual(['ClientContactInteractions', 'ClientLogInteraction']);

    // The id in Apollo's store names the same node a later query answers.
    const later = await apollo.query({
      query: ClientContactInteractionsDocument,
      variables: { id: contact, first: 50 },
      fetchPolicy: 'network-only',
    });
    const fresh = later.data?.contact?.interactions?.edges.map((edge) => edge.node) ?? [];
    expect(fresh).toContainEqual(expect.objectContaining({ id: created?.id, notes: 'Logged from Apollo' }));
    expect(apollo.cache.identify({ __typename: 'CtrlHubInteraction', id: created?.id })).toBe(`CtrlHubInteraction:${created?.id}`);
  } finally {
    subscription.unsubscribe();
  }
});
