import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetName } from '../../src/simulator/datasets.js';
import { contactMix, interactionCounts } from '../support/contact-mix.js';
import { type GatewayFixture, startGateway } from '../support/gateway.js';

/**
 * Contacts, accounts, properties and representatives asked for by id (`nodes`, `_entities`) are
 * found through `contact_in(…)`/`account_in(…)`/… with `include`, in rounds over those still
 * missing, then by-id reads for those without interactions. The counts are exact on both data sets.
 */
const gateways = new Map<DatasetName, GatewayFixture>();
beforeAll(async () => {
  for (const dataset of ['demo', 'sparse'] as const) gateways.set(dataset, await startGateway({ simulator: { dataset } }));
});
afterAll(() => Promise.all([...gateways.values()].map((gateway) => gateway.close())));
beforeEach(() => {
  for (const gateway of gateways.values()) gateway.resetRequests();
});

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
/** Each Ctrl-Hub request by kind: the filter it lists interactions with (`contact_in`), or the collection it reads one record of. */
const requestKinds = (gateway: GatewayFixture) =>
  gateway
    .requests('ctrlhub')
    .map((request) => request.query.filter?.replace(/\(.*/, '') ?? request.path.replace(/.*\/customers\/(\w+)\/.*/, '$1'));

/** 47 contacts: on the sparse data set the five busiest, three without interactions and 39 others. */
function fortySevenContacts(gateway: GatewayFixture) {
  const silent = [...interactionCounts(gateway.simulator.data).values()].some((count) => count === 0) ? 3 : 0;
  return contactMix(gateway.simulator.data, { total: 47, busy: 5, silent });
}

async function contactsThroughNodes(gateway: GatewayFixture, ids: string[]) {
  const { body } = await gateway.post({
    query: 'query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Contact { ctrlHubId firstName lastName } } }',
    variables: { ids: ids.map((id) => globalId('Contact', id)) },
  });
  expect(body.errors).toBeUndefined();
  return body.data?.nodes as { ctrlHubId: string; firstName: string; lastName: string }[];
}

describe.each([
  // Demo data: the first contact_in page covers 40 of the 47, the second the other 7.
  ['demo', { requests: ['contact_in', 'contact_in'], byId: 0 }],
  // Sparse data: 13, then 31, then a round that finds the last 3 have no interactions; they are read by id.
  ['sparse', { requests: ['contact_in', 'contact_in', 'contact_in', 'contacts', 'contacts', 'contacts'], byId: 3 }],
] as const)('47 contacts by id on the %s data set', (dataset, expected) => {
  it(`costs ${expected.requests.length} Ctrl-Hub requests through nodes(ids:), each contact as Ctrl-Hub has it`, async () => {
    const gateway = gateways.get(dataset) as GatewayFixture;
    const ids = fortySevenContacts(gateway);
    const nodes = await contactsThroughNodes(gateway, ids);
    expect(nodes.map((node) => node.ctrlHubId)).toEqual(ids);
    for (const node of nodes) {
      const attributes = gateway.simulator.data.ctrlhub.contacts.get(node.ctrlHubId)?.attributes;
      expect([node.firstName, node.lastName]).toEqual([attributes?.first_name, attributes?.last_name]);
    }
    expect(requestKinds(gateway).sort()).toEqual([...expected.requests].sort());
    expect(gateway.requests('alpharun')).toHaveLength(0);
  });

  it('reads by id exactly the contacts without interactions', async () => {
    const gateway = gateways.get(dataset) as GatewayFixture;
    const ids = fortySevenContacts(gateway);
    await contactsThroughNodes(gateway, ids);
    const counts = interactionCounts(gateway.simulator.data);
    const readById = gateway
      .requests('ctrlhub')
      .filter((request) => request.path.includes('/customers/contacts/'))
      .map((request) => request.path.replace(/.*\/contacts\//, ''));
    expect(readById.sort()).toEqual(ids.filter((id) => counts.get(id) === 0).sort());
    expect(readById).toHaveLength(expected.byId);
  });

  it(`costs the same ${expected.requests.length} requests through _entities with 47 Contact representations`, async () => {
    const gateway = gateways.get(dataset) as GatewayFixture;
    const ids = fortySevenContacts(gateway);
    const { body } = await gateway.post({
      query:
        'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Contact { ctrlHubId firstName } } }',
      variables: { representations: ids.map((id) => ({ __typename: 'Contact', ctrlHubId: id })) },
    });
    expect(body.errors).toBeUndefined();
    expect((body.data?._entities as { ctrlHubId: string }[]).map((entity) => entity.ctrlHubId)).toEqual(ids);
    expect(requestKinds(gateway).sort()).toEqual([...expected.requests].sort());
  });
});

describe.each([
  ['demo', 'Account', 'accounts', ['account_in', 'accounts']],
  ['demo', 'Property', 'properties', ['property_in', 'property_in']],
  ['demo', 'Representative', 'users', ['representative_in']],
  ['sparse', 'Account', 'accounts', ['account_in', 'account_in']],
  ['sparse', 'Property', 'properties', ['property_in', 'property_in']],
  ['sparse', 'Representative', 'users', ['representative_in']],
] as const)('every record of a kind by id on the %s data set', (dataset, type, store, expected) => {
  it(`finds every ${type} in ${expected.length} Ctrl-Hub requests: ${expected.join(', ')}`, async () => {
    const gateway = gateways.get(dataset) as GatewayFixture;
    const ids = [...gateway.simulator.data.ctrlhub[store].keys()];
    const { body } = await gateway.post({
      query: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      variables: { ids: ids.map((id) => globalId(type, id)) },
    });
    expect(body.errors).toBeUndefined();
    const found = (body.data?.nodes as ({ id: string } | null)[]).filter(Boolean);
    // Properties no interaction names cannot be found without an org-scoped read of them: those are null.
    expect(found.length).toBeGreaterThan(ids.length / 2);
    expect(requestKinds(gateway)).toEqual(expected);
  });
});
