import {
  commitMutation,
  createOperationDescriptor,
  Environment,
  fetchQuery,
  getRequest,
  getSelector,
  Network,
  RecordSource,
  Store,
  type OperationType,
} from 'relay-runtime';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';
import { ContactInteractionsFragment, ContactInteractionsQuery, LogInteractionMutation } from './relay/ContactInteractions.js';
import type { ContactInteractionsLogMutation } from './relay/__generated__/ContactInteractionsLogMutation.graphql.js';
import type { ContactInteractions_contact$data } from './relay/__generated__/ContactInteractions_contact.graphql.js';

/**
 * relay-runtime logs an interaction the way a Relay form does: `commitMutation` with an optimistic
 * response, the payload's `interactionEdge` prepended (`@prependEdge`) to the connection the page
 * already shows, and no refetch.
 */
let gateway: GatewayFixture;
const sent: string[] = [];

beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());

const environment = new Environment({
  network: Network.create(async (params, variables) => {
    sent.push(params.name);
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: params.text, variables }),
    });
    return response.json();
  }),
  store: new Store(new RecordSource()),
});

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5000) throw new Error('condition not met in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it('prepends the logged interaction to the contact list it holds, optimistically and then for real, without a refetch', async () => {
  const contact = encodeGlobalId('Contact', gateway.simulator.data.ctrlhub.interactions[0]?.relationships?.contact?.data?.id as string);
  const variables = { id: contact, count: 5 };
  const request = getRequest(ContactInteractionsQuery);
  await fetchQuery<OperationType>(environment, request, variables).toPromise();
  const operation = createOperationDescriptor(request, variables);
  environment.retain(operation);
  const read = (): ContactInteractions_contact$data => {
    const owner = (environment.lookup(operation.fragment).data as { contact: object }).contact;
    const selector = getSelector(ContactInteractionsFragment as Parameters<typeof getSelector>[0], owner);
    if (!selector || !('dataID' in selector)) throw new Error('the fragment is not spread where expected');
    return environment.lookup(selector).data as ContactInteractions_contact$data;
  };
  const before = read().interactions?.edges ?? [];
  const connection = read().interactions?.__id as string;

  // Ctrl-Hub holds its answer until released, so the optimistic state can be seen.
  let release: () => void = () => undefined;
  gateway.simulator.fault({
    upstream: 'ctrlhub',
    method: 'POST',
    times: 1,
    effect: { kind: 'hold', until: new Promise<void>((resolve) => (release = resolve)) },
  });
  const completed = new Promise<ContactInteractionsLogMutation['response']>((resolve, reject) =>
    commitMutation<ContactInteractionsLogMutation>(environment, {
      mutation: LogInteractionMutation,
      variables: {
        connections: [connection],
        input: {
          clientMutationId: 'relay-1',
          method: 'TELEPHONE',
          direction: 'OUTBOUND',
          dateTime: '2026-12-02T14:00:00Z',
          contactId: contact,
          notes: 'Logged from Relay',
        },
      },
      optimisticResponse: {
        logInteraction: {
          clientMutationId: 'relay-1',
          interactionEdge: {
            cursor: 'optimistic',
            node: { id: 'client:optimistic-interaction', notes: 'Logged from Relay', method: 'TELEPHONE' },
          },
          userErrors: [],
        },
      },
      onCompleted: (response, errors) => (errors?.length ? reject(new Error(errors[0]?.message)) : resolve(response)),
      onError: reject,
    }),
  );

  await until(() => gateway.requests('ctrlhub').some((entry) => entry.method === 'POST'));
  const optimistic = read().interactions?.edges ?? [];
  expect(optimistic).toHaveLength(before.length + 1);
  expect(optimistic[0]?.node).toMatchObject({ id: 'client:optimistic-interaction', notes: 'Logged from Relay', method: 'TELEPHONE' });

  release();
  const response = await completed;
  const created = response.logInteraction?.interactionEdge?.node;
  const after = read().interactions?.edges ?? [];
  expect(after).toHaveLength(before.length + 1);
  expect(after[0]?.node).toMatchObject({ id: created?.id, notes: 'Logged from Relay', method: 'TELEPHONE' });
  expect(after.slice(1).map((edge) => edge.node.id)).toEqual(before.map((edge) => edge.node.id));
  expect(sent).toEqual(['ContactInteractionsQuery', 'ContactInteractionsLogMutation']);

  // The id in Relay's store is the one the graph answers with later.
  const later = await gateway.post({
    query: 'query ($id: ID!) { contact(id: $id) { interactions(first: 50) { edges { node { id notes } } } } }',
    variables: { id: contact },
  });
  const fresh = (later.body.data?.contact as { interactions: { edges: { node: { id: string; notes: string } }[] } }).interactions.edges;
  expect(fresh.map((edge) => edge.node)).toContainEqual({ id: created?.id, notes: 'Logged from Relay' });
});
