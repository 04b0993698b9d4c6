import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AccountByIdDocument,
  ContactAcrossApisDocument,
  ContactByIdDocument,
  InteractionMethodsDocument,
  NodeDetailsDocument,
} from '../__generated__/graphql.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());
beforeEach(() => gateway.resetRequests());

/** A Ctrl-Hub contact that Alpharun knows and that appears on its account's first Alpharun interactions. */
function linkedContact() {
  const { alpharun } = gateway.simulator.data;
  for (const [accountId, list] of alpharun.interactionsByAccount) {
    const participant = list
      .slice(0, 20)
      .flatMap((interaction) => interaction.contacts ?? [])
      .find((contact) => contact.ext_id);
    if (participant) return { contact: participant, accountId, interactions: list };
  }
  throw new Error('no linked contact in the dataset');
}

describe('one Contact and one Account across both APIs', () => {
  it('gives a contact reached through Alpharun the same global id as through Ctrl-Hub', async () => {
    const { contact } = linkedContact();
    const result = await gateway.execute(ContactAcrossApisDocument, { id: contact.ext_id as string });
    expect(result.errors).toBeUndefined();
    const viaCtrlHub = result.data?.contact;
    expect(viaCtrlHub?.ctrlHubId).toBe(contact.ext_id);
    expect(viaCtrlHub?.alpharunId).toBe(contact.id);
    const viaAlpharun = viaCtrlHub?.customerInteractions?.edges
      .flatMap((edge) => edge.node.contacts)
      .find((person) => person.ctrlHubId === contact.ext_id);
    expect(viaAlpharun?.id).toBe(viaCtrlHub?.id);
    expect(viaAlpharun?.alpharunId).toBe(contact.id);
  });

  it("resolves an Alpharun interaction's account to the Ctrl-Hub account named by ext_id", async () => {
    const { contact, accountId } = linkedContact();
    const result = await gateway.execute(ContactAcrossApisDocument, { id: contact.ext_id as string });
    const account = result.data?.contact?.customerInteractions?.edges[0]?.node.account;
    const ctrlhubAccountId = gateway.simulator.data.ctrlhub.contacts.get(contact.ext_id as string)?.relationships?.accounts?.data?.[0]?.id;
    expect(account?.ctrlHubId).toBe(ctrlhubAccountId);
    expect(account?.alpharunId).toBe(accountId);
    expect(account?.id).toBe(result.data?.contact?.account?.id);
  });

  it('keeps a contact only Alpharun knows as a Contact with no Ctrl-Hub id, refetchable by node(id:)', async () => {
    const orphan = gateway.simulator.data.alpharun.contacts.find((contact) => !contact.ext_id);
    const owner = [...gateway.simulator.data.alpharun.interactionsByAccount.values()]
      .flat()
      .find((interaction) => interaction.contacts?.some((contact) => contact.id === orphan?.id));
    expect(owner).toBeDefined();
    const interaction = await gateway.execute(NodeDetailsDocument, {
      id: Buffer.from(`AlpharunInteraction:${owner?.id}`).toString('base64url'),
    });
    expect(interaction.data?.node?.__typename).toBe('AlpharunInteraction');

    const viaPage = await gateway.post({
      query: `{ node(id: "${Buffer.from(`AlpharunInteraction:${owner?.id}`).toString('base64url')}") { ... on AlpharunInteraction { contacts { id ctrlHubId alpharunId firstName } account { id ctrlHubId alpharunId } } } }`,
    });
    const node = viaPage.body.data?.node as {
      contacts: { id: string; ctrlHubId: string | null; alpharunId: string; firstName: string }[];
      account: { ctrlHubId: string | null; alpharunId: string };
    };
    const person = node.contacts.find((contact) => contact.alpharunId === orphan?.id);
    expect(person?.ctrlHubId).toBeNull();
    expect(person?.firstName).toBe(orphan?.first_name);
    expect(node.account.ctrlHubId).toBeNull();

    const refetched = await gateway.execute(ContactByIdDocument, { id: person?.id as string });
    expect(refetched.data?.contact).toMatchObject({ id: person?.id, ctrlHubId: null, alpharunId: orphan?.id });

    // Ctrl-Hub cannot know such a contact: its interactions are empty and cost no request.
    gateway.resetRequests();
    const lists = await gateway.post({
      query: `{ contact(id: "${person?.id}") { interactions(first: 5) { totalCount edges { cursor } pageInfo { hasNextPage } } } }`,
    });
    expect(lists.body.data).toEqual({ contact: { interactions: { totalCount: 0, edges: [], pageInfo: { hasNextPage: false } } } });
    expect(gateway.requests('ctrlhub')).toHaveLength(0);
  });

  it('keeps the interactions of an account only Alpharun knows when it is refetched by node(id:)', async () => {
    const { alpharun } = gateway.simulator.data;
    const [, list] =
      [...alpharun.interactionsByAccount].find(([, interactions]) => interactions.length >= 3 && !interactions[0]?.account?.ext_id) ?? [];
    expect(list).toBeDefined();
    const selection = 'id ctrlHubId alpharunId customerInteractions(first: 3) { edges { node { id } } }';
    const reached = await gateway.post({
      query: `query ($id: ID!) { node(id: $id) { ... on AlpharunInteraction { account { ${selection} } } } }`,
      variables: { id: Buffer.from(`AlpharunInteraction:${list?.[0]?.id}`).toString('base64url') },
    });
    const account = (reached.body.data?.node as { account: { id: string; ctrlHubId: string | null; customerInteractions: unknown } })
      .account;
    expect(account.ctrlHubId).toBeNull();
    expect((account.customerInteractions as { edges: unknown[] }).edges).toHaveLength(3);

    const refetched = await gateway.post({
      query: `query ($id: ID!) { node(id: $id) { ... on Account { ${selection} } } }`,
      variables: { id: account.id },
    });
    expect(refetched.body.errors).toBeUndefined();
    expect(refetched.body.data?.node).toEqual(account);
  });

  it('answers null for an account only Alpharun would know that its contact does not belong to: an unknown id, or a contact of another account', async () => {
    const { alpharun } = gateway.simulator.data;
    const [accountId, list] =
      [...alpharun.interactionsByAccount].find(([, interactions]) => interactions.length > 0 && !interactions[0]?.account?.ext_id) ?? [];
    const via = list?.[0]?.contacts?.[0]?.id;
    const stranger = alpharun.contacts.find((contact) => alpharun.accountOfContact.get(contact.id) !== accountId)?.id;
    if (!accountId || !via || !stranger) throw new Error('the dataset has no Alpharun-only account with interactions');
    const accountNode = (key: string) => Buffer.from(`Account:${key}`).toString('base64url');
    const ask = (key: string) => gateway.post({ query: `{ node(id: "${accountNode(key)}") { ... on Account { alpharunId } } }` });
    expect((await ask(`alpharun:${JSON.stringify([accountId, via])}`)).body.data).toEqual({ node: { alpharunId: accountId } });
    // A key that names no contact cannot be checked: a made-up one would pass, so none is answered.
    expect((await ask(`alpharun:${accountId}`)).body.data).toEqual({ node: null });
    for (const key of [
      'alpharun:no-such-account',
      `alpharun:${JSON.stringify(['no-such-account', via])}`,
      `alpharun:${JSON.stringify([accountId, stranger])}`,
    ]) {
      const { body } = await ask(key);
      expect({ key, body }).toEqual({ key, body: { data: { node: null } } });
    }
  });

  it('gives a Ctrl-Hub contact Alpharun does not know an empty customerInteractions, not an error', async () => {
    const known = new Set(gateway.simulator.data.alpharun.contacts.map((contact) => contact.ext_id));
    const stranger = [...gateway.simulator.data.ctrlhub.contacts.keys()].find((id) => !known.has(id)) as string;
    const result = await gateway.execute(ContactAcrossApisDocument, { id: stranger });
    expect(result.errors).toBeUndefined();
    expect(result.data?.contact?.customerInteractions?.edges).toEqual([]);
    expect(result.data?.contact?.alpharunId).toBeNull();
    expect(gateway.requests('alpharun')[0]?.status).toBe(404);
  });

  it("fills a contact's missing Ctrl-Hub email from Alpharun's profile, with one Alpharun request", async () => {
    const { alpharun, ctrlhub } = gateway.simulator.data;
    // The profile is looked up on the first page (100) of the account's Alpharun interactions.
    const onFirstPage = (contactId: string) =>
      (alpharun.interactionsByAccount.get(alpharun.accountOfContact.get(contactId) ?? '') ?? [])
        .slice(0, 100)
        .some((interaction) => interaction.contacts?.some((person) => person.id === contactId));
    const profile = alpharun.contacts.find(
      (contact) => contact.ext_id && !ctrlhub.contacts.get(contact.ext_id)?.attributes?.email && onFirstPage(contact.id),
    );
    expect(profile?.email).toBeTruthy();
    const result = await gateway.execute(ContactByIdDocument, { id: profile?.ext_id as string });
    expect(result.data?.contact?.email).toBe(profile?.email);
    expect(result.data?.contact?.alpharunId).toBe(profile?.id);
    expect(gateway.requests('alpharun')).toHaveLength(1);
  });

  it('accepts a raw Ctrl-Hub id or a global id, and rejects a global id of another type', async () => {
    const [id] = [...gateway.simulator.data.ctrlhub.accounts.keys()];
    const raw = await gateway.execute(AccountByIdDocument, { id: id as string });
    const global = await gateway.execute(AccountByIdDocument, { id: raw.data?.account?.id as string });
    expect(global.data).toEqual(raw.data);
    expect(raw.data?.account?.contacts?.length).toBeGreaterThan(0);
    const wrong = await gateway.execute(ContactByIdDocument, { id: raw.data?.account?.id as string });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrong.errors?.[0]?.message).toContain('a Contact id is expected');
  });

  it('answers null for an unknown raw id', async () => {
    const result = await gateway.execute(ContactByIdDocument, { id: 'no-such-contact' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.contact).toBeNull();
  });
});

describe('values from the upstreams', () => {
  it('maps a method Ctrl-Hub added later to UNKNOWN without failing', async () => {
    const result = await gateway.execute(InteractionMethodsDocument, { first: 500 });
    expect(result.errors).toBeUndefined();
    const raw = gateway.simulator.data.ctrlhub.interactions.slice(0, 500).map((interaction) => interaction.attributes?.method);
    expect(raw).toContain('carrier-pigeon');
    result.data?.interactions?.edges.forEach((edge, index) => {
      expect(edge.node.method).toBe(raw[index] === 'carrier-pigeon' ? 'UNKNOWN' : raw[index]?.toUpperCase());
    });
  });

  it('answers a field value nested too deeply to serialise as null with an error on it, and the rest of the answer', async () => {
    // 20,000 levels overflowed the stack of the answer's serialisation: the client lost every field.
    const { contact } = linkedContact();
    const deep = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
    const page = `{"data":{"customer_interactions":[{"id":"deep-1","data_extraction_fields":[{"key":"deep","type":"json","value":${deep}},{"key":"flat","type":"number","value":7}]}]},"next_cursor":null}`;
    gateway.simulator.fault({
      upstream: 'alpharun',
      matching: '/customer-interactions',
      times: 1,
      effect: { kind: 'status', status: 200, body: page },
    });
    try {
      const { body } = await gateway.post({
        query: `{ contact(id: "${contact.ext_id}") { lastName customerInteractions(first: 1) { edges { node { alpharunId dataExtractionFields { key value } } } } } }`,
      });
      const node = (body.data?.contact as { customerInteractions: { edges: { node: unknown }[] } } | null)?.customerInteractions.edges[0]
        ?.node;
      expect(node).toEqual({
        alpharunId: 'deep-1',
        dataExtractionFields: [
          { key: 'deep', value: null },
          { key: 'flat', value: 7 },
        ],
      });
      expect(body.errors).toEqual([
        expect.objectContaining({
          path: ['contact', 'customerInteractions', 'edges', 0, 'node', 'dataExtractionFields', 0, 'value'],
          extensions: { code: 'UPSTREAM_ERROR', upstream: 'alpharun' },
        }),
      ]);
    } finally {
      gateway.simulator.clearFaults();
    }
  });

  it('types extraction fields by their type and passes unknown types through as JSON', async () => {
    const { contact } = linkedContact();
    const result = await gateway.execute(ContactAcrossApisDocument, { id: contact.ext_id as string });
    const fields = result.data?.contact?.customerInteractions?.edges.flatMap((edge) => edge.node.dataExtractionFields) ?? [];
    const score = fields.find((field) => field.type === 'number');
    expect(score?.numberValue).toBe(score?.value);
    expect(score?.textValue).toBeNull();
    const flag = fields.find((field) => field.type === 'boolean');
    expect(flag?.booleanValue).toBe(flag?.value);
    const other = fields.find((field) => !['number', 'boolean', 'text'].includes(field.type));
    expect(other).toBeDefined();
    expect(other?.numberValue ?? other?.booleanValue ?? other?.textValue ?? null).toBeNull();
  });
});
