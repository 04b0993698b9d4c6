import { isObjectType, type GraphQLResolveInfo } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema, type GraphContext } from '../../src/schema/index.js';
import type { AlpharunInteraction } from '../../src/upstream/alpharun/types.js';
import type { InteractionResource, PropertyResource } from '../../src/upstream/ctrlhub/types.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

// graphql-js makes an object wait for every field that returns a Promise, so fields whose data the
// request already holds answer at once: on a page of 100 interactions with their relations this is
// most of the executor's work (see bench/). These tests call the schema's own resolvers.

let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());

const info = {} as GraphQLResolveInfo;

function field(typeName: string, fieldName: string) {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const resolve = type.getFields()[fieldName]?.resolve;
  if (!resolve) throw new Error(`${typeName}.${fieldName} has no resolver`);
  return (parent: unknown, context: GraphContext) => resolve(parent, {}, context, info);
}

/** The context the server gives a request, after an org page with every relation included has been read through it. */
async function contextHoldingAPage(): Promise<{ context: GraphContext; interactions: InteractionResource[] }> {
  const context = gateway.createContext();
  const page = await context.loaders.ctrlhubInteractions.list(
    { filter: {} },
    { offset: 0, count: 30 },
    { related: ['account', 'contact', 'property', 'representative'], withTotal: false },
  );
  return { context, interactions: page.items };
}

describe('resolution without Promises', () => {
  it('answers every node type’s id synchronously', () => {
    const nodeTypes = Object.values(schema.getTypeMap()).filter(
      (type) => isObjectType(type) && type.getInterfaces().some((iface) => iface.name === 'Node'),
    );
    expect(nodeTypes.map((type) => type.name).sort()).toEqual([
      'Account',
      'AlpharunInteraction',
      'Contact',
      'CtrlHubInteraction',
      'Property',
      'Representative',
    ]);
    const parents: Record<string, unknown> = {
      Account: { ctrlHubId: 'a-1', alpharunId: null, alpharunContacts: [] },
      Contact: { ctrlHubId: 'c-1' },
      AlpharunInteraction: { id: 'x-1' },
    };
    for (const type of nodeTypes) {
      const id = field(type.name, 'id')(parents[type.name] ?? { id: 'r-1', type: 'anything', attributes: {} }, {} as GraphContext);
      expect(typeof id, type.name).toBe('string');
    }
  });

  it('hands over the relations a list answer included as records, not as ids to load', async () => {
    const { context, interactions } = await contextHoldingAPage();
    const withAll = interactions.find(
      (i) =>
        i.relationships?.contact?.data &&
        i.relationships.account?.data &&
        i.relationships.property?.data &&
        i.relationships.representative?.data,
    );
    expect(withAll).toBeDefined();
    const contact = field('CtrlHubInteraction', 'contact')(withAll, context);
    expect(contact).toEqual({ ctrlHubId: withAll?.relationships?.contact?.data?.id });
    expect(field('CtrlHubInteraction', 'account')(withAll, context)).toMatchObject({
      ctrlHubId: withAll?.relationships?.account?.data?.id,
    });
    expect(field('CtrlHubInteraction', 'property')(withAll, context)).toMatchObject({
      type: 'properties',
      id: withAll?.relationships?.property?.data?.id,
    });
    expect(field('CtrlHubInteraction', 'representative')(withAll, context)).toMatchObject({
      id: withAll?.relationships?.representative?.data?.id,
    });

    const upstreamContact = gateway.simulator.data.ctrlhub.contacts.get(withAll?.relationships?.contact?.data?.id ?? '');
    expect(field('Contact', 'firstName')(contact, context)).toBe(upstreamContact?.attributes?.first_name);
    expect(field('Contact', 'lastName')(contact, context)).toBe(upstreamContact?.attributes?.last_name);
  });

  it('forgets and empties what the request read once released, so nothing it held outlives the answer', async () => {
    const { context, interactions } = await contextHoldingAPage();
    const withProperty = interactions.find((i) => i.relationships?.property?.data && i.relationships.representative?.data);
    expect(withProperty).toBeDefined();
    const propertyId = withProperty?.relationships?.property?.data?.id;
    const representativeId = withProperty?.relationships?.representative?.data?.id;
    const property = field('CtrlHubInteraction', 'property')(withProperty, context);
    expect(property).toMatchObject({ id: propertyId });
    expect(field('CtrlHubInteraction', 'representative')(withProperty, context)).toMatchObject({ id: representativeId });

    context.loaders.release();

    // Every record the request read keeps its identity and nothing else, whatever still points at it.
    const read: (InteractionResource | PropertyResource)[] = [...interactions, property as PropertyResource];
    for (const record of read) {
      expect(record).toMatchObject({ id: expect.any(String), type: expect.any(String) });
      expect(Object.values(record).filter((value) => value !== undefined)).toHaveLength(2);
    }
    // Released, the request holds no record: a relation is loaded again (a Promise), not the record it read.
    const parent = {
      id: withProperty?.id,
      type: 'customer-interactions',
      relationships: {
        property: { data: { id: propertyId, type: 'properties' } },
        representative: { data: { id: representativeId, type: 'users' } },
      },
    };
    const propertyAgain = field('CtrlHubInteraction', 'property')(parent, context);
    const representativeAgain = field('CtrlHubInteraction', 'representative')(parent, context);
    expect(propertyAgain).toBeInstanceOf(Promise);
    expect(representativeAgain).toBeInstanceOf(Promise);
    await expect(propertyAgain).resolves.toMatchObject({ id: propertyId, attributes: expect.any(Object) });
    await expect(representativeAgain).resolves.toMatchObject({ id: representativeId, attributes: expect.any(Object) });
  });

  it('forgets and empties the Alpharun interactions it read too: read again, a page is asked for again', async () => {
    const context = gateway.createContext();
    const extId = gateway.simulator.data.alpharun.contacts.find((contact) => contact.ext_id)?.ext_id as string;
    const contact = { ctrlHubId: extId };
    gateway.resetRequests();
    const page = await context.loaders.contacts.customerInteractions(contact, null, 5);
    expect(page.interactions.length).toBeGreaterThan(0);
    const [first] = page.interactions;
    const [byId] = await context.loaders.alpharunInteractions.load([first?.id as string]);
    expect(byId).toBe(first);
    // One read by id alone, not on any page the request read.
    const onPage = new Set(page.interactions.map((interaction) => interaction.id));
    const elsewhere = [...gateway.simulator.data.alpharun.interactionsByAccount.values()].flat().find(({ id }) => !onPage.has(id));
    const [alone] = await context.loaders.alpharunInteractions.load([elsewhere?.id as string]);
    expect(alone).toMatchObject({ id: elsewhere?.id, contacts: expect.any(Array) });
    // Held, the same page is not asked for twice.
    await context.loaders.contacts.customerInteractions(contact, null, 5);
    expect(gateway.requests('alpharun')).toHaveLength(2);

    context.loaders.release();

    for (const interaction of [...page.interactions, alone as AlpharunInteraction])
      expect(Object.entries(interaction).filter(([, value]) => value !== undefined)).toEqual([['id', interaction.id]]);
    const again = await context.loaders.contacts.customerInteractions(contact, null, 5);
    expect(again.interactions.map((interaction) => interaction.id)).toEqual(page.interactions.map((interaction) => interaction.id));
    expect(again.interactions[0]?.contacts?.length).toBeGreaterThan(0);
    expect(gateway.requests('alpharun')).toHaveLength(3);
  });

  it('still hands over an id to load when the record is not held yet', async () => {
    const { context, interactions } = await contextHoldingAPage();
    const held = new Set(interactions.map((interaction) => interaction.relationships?.contact?.data?.id));
    const unseen = [...gateway.simulator.data.ctrlhub.contacts.keys()].find((id) => !held.has(id));
    const interaction = {
      id: 'i-1',
      type: 'customer-interactions',
      attributes: {},
      relationships: { contact: { data: { id: unseen, type: 'contacts' } } },
    };
    const contact = field('CtrlHubInteraction', 'contact')(interaction, context);
    expect(contact).toBeInstanceOf(Promise);
    await expect(contact).resolves.toEqual({ ctrlHubId: unseen });
  });
});
