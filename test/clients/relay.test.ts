import {
  createOperationDescriptor,
  Environment,
  fetchQuery,
  getRequest,
  getSelector,
  Network,
  RecordSource,
  Store,
  type GraphQLTaggedNode,
  type OperationType,
} from 'relay-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';
import { ContactTimelineFragment, ContactTimelineQuery } from './relay/ContactTimeline.js';
import { InteractionsListFragment, InteractionsListQuery } from './relay/InteractionsList.js';
// The `@refetchable` queries relay-compiler generated: what usePaginationFragment sends for the next page.
import ContactTimelinePaginationQuery from './relay/__generated__/ContactTimelinePaginationQuery.graphql.js';
import type { ContactTimeline_contact$data } from './relay/__generated__/ContactTimeline_contact.graphql.js';
import InteractionsListPaginationQuery from './relay/__generated__/InteractionsListPaginationQuery.graphql.js';
import type { InteractionsList_query$data } from './relay/__generated__/InteractionsList_query.graphql.js';
import { alpharunTimelineOf, busiestAccount } from './expected-lists.js';

/**
 * relay-runtime as a Relay app drives it, minus React: the documents are compiled by relay-compiler
 * from the committed schema, each page is the `@refetchable` pagination query that
 * `usePaginationFragment` would send, and Relay's ConnectionHandler merges the pages in its store.
 */
let gateway: GatewayFixture;
let sent: { operation: string; variables: Record<string, unknown> }[];

beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());

function relayEnvironment(): Environment {
  sent = [];
  return new Environment({
    network: Network.create(async (params, variables) => {
      sent.push({ operation: params.name, variables });
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: params.text, variables }),
      });
      return response.json();
    }),
    store: new Store(new RecordSource()),
  });
}

/** Fetches `query`, keeps it retained, and returns a reader of `fragment` under `path` of its data. */
async function load<Data>(
  environment: Environment,
  query: GraphQLTaggedNode,
  variables: Record<string, unknown>,
  fragment: GraphQLTaggedNode,
  path: string | null,
) {
  const request = getRequest(query);
  await fetchQuery<OperationType>(environment, request, variables).toPromise();
  const operation = createOperationDescriptor(request, variables);
  environment.retain(operation);
  return (): Data => {
    const root = environment.lookup(operation.fragment).data as Record<string, unknown>;
    const owner = path ? (root[path] as object) : root;
    const selector = getSelector(fragment as Parameters<typeof getSelector>[0], owner);
    if (!selector || !('dataID' in selector)) throw new Error('the fragment is not spread where expected');
    return environment.lookup(selector).data as Data;
  };
}

interface PageInfoRead {
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

describe('relay-runtime pages through Relay connections', () => {
  it('walks Query.interactions to the end, every item exactly once', async () => {
    const { account, interactionIds } = busiestAccount(gateway.simulator.data);
    const filter = { accountIds: [account] };
    const environment = relayEnvironment();
    const read = await load<InteractionsList_query$data>(
      environment,
      InteractionsListQuery,
      { count: 7, filter },
      InteractionsListFragment,
      null,
    );

    let pages = 1;
    for (let list = read(); (list.interactions as unknown as PageInfoRead).pageInfo.hasNextPage; list = read(), pages++) {
      const cursor = (list.interactions as unknown as PageInfoRead).pageInfo.endCursor;
      await fetchQuery<OperationType>(environment, InteractionsListPaginationQuery, { count: 7, cursor, filter }).toPromise();
    }

    const ids = (read().interactions?.edges ?? []).map(({ node }) => node.ctrlHubId);
    expect(ids).toHaveLength(interactionIds.length);
    expect(new Set(ids)).toEqual(new Set(interactionIds));
    expect(pages).toBe(Math.ceil(interactionIds.length / 7));
    expect(sent.map(({ operation }) => operation)).toEqual([
      'InteractionsListQuery',
      ...Array(pages - 1).fill('InteractionsListPaginationQuery'),
    ]);
  });

  it('walks Contact.customerInteractions (Alpharun cursors) to the end through node(id:), every item exactly once', async () => {
    const { contact, interactionIds } = alpharunTimelineOf(gateway.simulator.data);
    const environment = relayEnvironment();
    const read = await load<ContactTimeline_contact$data>(
      environment,
      ContactTimelineQuery,
      { id: contact, count: 9 },
      ContactTimelineFragment,
      'contact',
    );
    const nodeId = read().id;

    let pages = 1;
    for (
      let timeline = read();
      (timeline.customerInteractions as unknown as PageInfoRead).pageInfo.hasNextPage;
      timeline = read(), pages++
    ) {
      const cursor = (timeline.customerInteractions as unknown as PageInfoRead).pageInfo.endCursor;
      await fetchQuery<OperationType>(environment, ContactTimelinePaginationQuery, { id: nodeId, count: 9, cursor }).toPromise();
    }

    const ids = (read().customerInteractions?.edges ?? []).map(({ node }) => node.alpharunId);
    expect(ids).toHaveLength(interactionIds.length);
    expect(new Set(ids)).toEqual(new Set(interactionIds));
    expect(pages).toBe(Math.ceil(interactionIds.length / 9));
    expect(
      sent.slice(1).every(({ operation, variables }) => operation === 'ContactTimelinePaginationQuery' && variables['id'] === nodeId),
    ).toBe(true);
  });
});
