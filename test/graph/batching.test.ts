import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ContactsFanoutDocument,
  InteractionsPageDocument,
  MixedNodesDocument,
  NodeDetailsDocument,
  OrgPageWithRelationsDocument,
} from '../__generated__/graphql.js';
import { naiveLoaders } from '../../bench/lib/naive-loaders.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());
beforeEach(() => gateway.resetRequests());

const listRequests = () => gateway.requests('ctrlhub').filter((request) => request.path.endsWith('/customers/interactions'));

describe('an org page of 100 interactions with every relation', () => {
  it('costs one Ctrl-Hub request, whose include names exactly the selected relations', async () => {
    const result = await gateway.execute(OrgPageWithRelationsDocument, { first: 100 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.interactions?.edges).toHaveLength(100);
    const ctrlhub = gateway.requests('ctrlhub');
    expect(ctrlhub).toHaveLength(1);
    expect(ctrlhub[0]?.query).toMatchObject({ include: 'account,author,contact,property,representative', limit: '100', offset: '0' });
  });

  it('resolves every relation exactly as reading it on its own does', async () => {
    const page = await gateway.execute(OrgPageWithRelationsDocument, { first: 100 });
    const edges = page.data?.interactions?.edges ?? [];
    const related = new Map<string, unknown>();
    for (const { node } of edges) {
      for (const value of [node.contact, node.account, node.property, node.representative, node.author])
        if (value) related.set(value.id, value);
    }
    expect(related.size).toBeGreaterThan(100);
    // A sample, each read alone through node(id:) (a separate request, so nothing is primed).
    for (const [id, value] of [...related].filter((_, index) => index % 12 === 0)) {
      const alone = await gateway.execute(NodeDetailsDocument, { id });
      const { __typename, ...fields } = alone.data?.node ?? {};
      expect(fields).toEqual(value);
    }
    // Spot-check against the upstream's own data.
    const first = edges[0]?.node;
    const upstream = gateway.simulator.data.ctrlhub.interactions[0];
    expect(first?.ctrlHubId).toBe(upstream?.id);
    expect(first?.contact?.ctrlHubId).toBe(upstream?.relationships?.contact?.data?.id);
    expect(first?.author?.ctrlHubId).toBe(upstream?.relationships?.author?.data?.id);
  });

  it('asks for no include when no relation is selected', async () => {
    await gateway.execute(InteractionsPageDocument, { first: 10, withTotal: false });
    expect(listRequests()[0]?.query.include).toBeUndefined();
  });
});

describe('nested interaction lists of many contacts', () => {
  it("batches 50 contacts' interactions(first: 5) into 4 combined contact_in requests after the org page, each page exact", async () => {
    const result = await gateway.execute(ContactsFanoutDocument, { interactions: 64, perContact: 5 });
    expect(result.errors).toBeUndefined();
    const contacts = new Map((result.data?.interactions?.edges ?? []).map(({ node }) => [node.contact?.ctrlHubId as string, node.contact]));
    expect(contacts.size).toBeGreaterThanOrEqual(50);

    const requests = gateway.requests();
    const combined = listRequests().filter((request) => request.query.filter?.startsWith('contact_in('));
    expect(requests.every((request) => request.upstream === 'ctrlhub')).toBe(true);
    // One request lists the interactions; the nested lists of every contact share 4 combined ones, which
    // start after the contacts' interactions on that page.
    expect(requests).toHaveLength(5);
    expect(combined).toHaveLength(4);
    expect(Number(combined[0]?.query.offset)).toBeGreaterThan(0);
    expect(Math.max(...combined.map((request) => (request.query.filter?.match(/','/g)?.length ?? 0) + 1))).toBeGreaterThanOrEqual(
      contacts.size,
    );

    gateway.resetRequests();
    for (const [id, contact] of contacts) {
      const alone = await gateway.execute(InteractionsPageDocument, { first: 5, filter: { contactIds: [id] }, withTotal: false });
      expect(contact?.interactions).toEqual(alone.data?.interactions);
    }
  });

  it("lists a page's accounts' contacts by the ids their accounts name: one request for their ids", async () => {
    // Reading each contact to leave out any Ctrl-Hub no longer has cost a request per contact without interactions.
    gateway.resetRequests();
    const { body } = await gateway.post({ query: '{ interactions(first: 100) { edges { node { account { contacts { id } } } } } }' });
    expect(body.errors).toBeUndefined();
    expect(gateway.requests()).toHaveLength(1);
  });

  it('includes in the org page what the nested lists resolve, so they reuse its interactions: 5 requests for the fan-out', async () => {
    const { body } = await gateway.post({
      query:
        '{ interactions(first: 64) { edges { node { contact { interactions(first: 5) { edges { node { dateTime property { uprn } representative { firstName } } } } } } } } }',
    });
    expect(body.errors).toBeUndefined();
    const requests = listRequests();
    expect(requests[0]?.query).toMatchObject({ include: 'contact,property,representative', offset: '0', limit: '64' });
    expect(requests.slice(1).every((request) => request.query.include === 'property,representative')).toBe(true);
    expect(gateway.requests()).toHaveLength(5);
  });

  it('keeps totalCount exact for every contact and says how it counted', async () => {
    const result = await gateway.execute(ContactsFanoutDocument, { interactions: 64, perContact: 5, withTotal: true });
    const requestsWithCounts = gateway.requests().length;
    const contacts = (result.data?.interactions?.edges ?? []).map(({ node }) => node.contact);
    for (const contact of contacts) {
      const expected = gateway.simulator.data.ctrlhub.interactions.filter(
        (interaction) => interaction.relationships?.contact?.data?.id === contact?.ctrlHubId,
      ).length;
      expect(contact?.interactions?.totalCount).toBe(expected);
    }
    const distinct = new Set(contacts.map((contact) => contact?.ctrlHubId)).size;
    // Never dearer than one counting request per contact on top of the pages.
    expect(requestsWithCounts).toBeLessThanOrEqual(6 + distinct);
    expect(gateway.logs.some((line) => line.includes('counted nested interaction lists'))).toBe(true);
  });
});

describe('nodes(ids:) with mixed types', () => {
  it('loads all interactions in one id_in request, reads each unprimed contact once, keeps input order and nulls unknown ids', async () => {
    const seedPage = await gateway.execute(OrgPageWithRelationsDocument, { first: 40 });
    const interactions = (seedPage.data?.interactions?.edges ?? []).map(({ node }) => node);
    const primedContacts = [...new Set(interactions.map((node) => node.contact?.id as string))].slice(0, 10);
    const primedAccounts = [...new Set(interactions.map((node) => node.account?.id as string))].slice(0, 5);
    const knownContactIds = new Set(interactions.map((node) => node.contact?.ctrlHubId));
    const unprimedContacts = [...gateway.simulator.data.ctrlhub.contacts.keys()].filter((id) => !knownContactIds.has(id)).slice(0, 5);
    const unknown = [
      Buffer.from('Contact:no-such-contact').toString('base64url'),
      Buffer.from('CtrlHubInteraction:no-such-interaction').toString('base64url'),
    ];
    const unprimedContactIds = unprimedContacts.map((id) => Buffer.from(`Contact:${id}`).toString('base64url'));
    const ids = [...interactions.map((node) => node.id), ...primedContacts, ...primedAccounts, ...unprimedContactIds, ...unknown];
    // Interleave types (a stride coprime with the length visits every id once) so order preservation is tested, not assumed.
    const mixed = ids.map((_, index) => ids[(index * 7) % ids.length] as string);
    expect(new Set(mixed).size).toBe(ids.length);
    expect(mixed).toHaveLength(62);

    gateway.resetRequests();
    const result = await gateway.execute(MixedNodesDocument, { ids: mixed });
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.nodes ?? [];
    expect(nodes.map((node) => node?.id ?? null)).toEqual(mixed.map((id) => (unknown.includes(id) ? null : id)));

    const idIn = listRequests().filter((request) => request.query.filter?.startsWith('id_in('));
    expect(idIn).toHaveLength(1);
    for (const node of interactions) expect(idIn[0]?.query.filter).toContain(node.ctrlHubId);
    const everything = gateway.requests().map((request) => `${request.path}?${request.query.filter ?? ''}`);
    for (const contact of interactions.slice(0, 10).map((node) => node.contact?.ctrlHubId as string)) {
      expect(everything.filter((text) => text.includes(contact) && !text.includes('id_in('))).toHaveLength(0);
    }
    for (const contact of unprimedContacts)
      expect(everything.filter((text) => text.endsWith(`/contacts/${contact}?`)).length).toBeLessThanOrEqual(1);
  });
});

describe('a Ctrl-Hub record that two list answers of one request both hold', () => {
  const row =
    'id notes dateTime status contact { id firstName lastName } account { id ctrlHubId } property { id uprn } representative { id firstName }';
  const connection = `edges { node { ... on CtrlHubInteraction { ${row} } } }`;
  type Row = { id: string; contact: { id: string } | null };
  const rows = (body: ExecutionResult<Record<string, unknown>>, alias: string) =>
    ((body.data?.[alias] as { edges: { node: Row }[] } | undefined)?.edges ?? []).map(({ node }) => node);

  it('resolves it and its relations the same in both lists, and as a request of its own does, from one answer each', async () => {
    const seed = await gateway.post({ query: `{ interactions(first: 40) { ${connection} } }` });
    expect(seed.body.errors).toBeUndefined();
    const counts = new Map<string, number>();
    for (const node of rows(seed.body, 'interactions'))
      if (node.contact) counts.set(node.contact.id, (counts.get(node.contact.id) ?? 0) + 1);
    const [contact] = [...counts].sort(([, a], [, b]) => b - a)[0] ?? [];
    expect(counts.get(contact as string)).toBeGreaterThan(1);

    gateway.resetRequests();
    const both = await gateway.post({
      query: `query($contact: ID!) { org: interactions(first: 40) { ${connection} } own: interactions(first: 40, filter: { contactIds: [$contact] }) { ${connection} } }`,
      variables: { contact },
    });
    expect(both.body.errors).toBeUndefined();
    // Two answers, each including the contact and the relations of its own interactions; nothing read again by id.
    expect(gateway.requests().map((request) => [request.path.split('/customers')[1], request.query.filter ?? null])).toEqual([
      ['/interactions', null],
      ['/interactions', expect.stringMatching(/^contact_in\(/)],
    ]);
    const org = new Map(rows(both.body, 'org').map((node) => [node.id, node]));
    const own = rows(both.body, 'own');
    const shared = own.filter((node) => org.has(node.id));
    expect(shared.length).toBeGreaterThan(1);
    for (const node of shared) expect(node).toEqual(org.get(node.id));

    const alone = await gateway.post({
      query: `query($contact: ID!) { own: interactions(first: 40, filter: { contactIds: [$contact] }) { ${connection} } }`,
      variables: { contact },
    });
    expect(rows(alone.body, 'own')).toEqual(own);
  });
});

describe('nested lists when the upstream allows larger pages', () => {
  it("fetches 50 contacts' interactions(first: 5) in at most 3 requests with CTRLHUB_PAGE_LIMIT=500", async () => {
    const roomy = await startGateway({ ctrlhubPageLimit: 500 });
    try {
      const result = await roomy.execute(ContactsFanoutDocument, { interactions: 64, perContact: 5 });
      expect(new Set(result.data?.interactions?.edges.map(({ node }) => node.contact?.ctrlHubId)).size).toBeGreaterThanOrEqual(50);
      expect(roomy.requests()).toHaveLength(3);
      expect(
        roomy
          .requests()
          .slice(1)
          .every((request) => request.query.limit === '500'),
      ).toBe(true);
    } finally {
      await roomy.close();
    }
  });
});

describe('the naive baseline of the benchmarks (bench/lib/naive-loaders.ts)', () => {
  it('gives the same org page as the batched gateway, at the cost of one request per relation', async () => {
    // One request per relation is the point here, so the upstream budget must not refuse them.
    const naive = await startGateway({ loaders: naiveLoaders, maxUpstreamRequests: 100_000 });
    try {
      const batched = await gateway.execute(OrgPageWithRelationsDocument, { first: 30 });
      const plain = await naive.execute(OrgPageWithRelationsDocument, { first: 30 });
      expect(plain.errors).toBeUndefined();
      expect(plain.data).toEqual(batched.data);
      const edges = plain.data?.interactions?.edges ?? [];
      const relations = edges.reduce(
        (sum, { node }) => sum + [node.contact, node.account, node.property, node.representative, node.author].filter(Boolean).length,
        0,
      );
      expect(naive.requests('ctrlhub').length).toBeGreaterThanOrEqual(1 + relations);
      expect(naive.requests('ctrlhub').some((request) => request.query.include?.includes(','))).toBe(false);
    } finally {
      await naive.close();
    }
  });
});

describe('compiled execution (CTRLGRAPH_JIT, the default)', () => {
  it('answers the batching queries exactly as the interpreter does', async () => {
    const [compiled, interpreted] = await Promise.all([startGateway({ jit: true }), startGateway({ jit: false })]);
    try {
      const contact = gateway.simulator.data.alpharun.contacts.find((candidate) => candidate.ext_id)?.ext_id as string;
      for (const [document, variables] of [
        [OrgPageWithRelationsDocument, { first: 50 }],
        [ContactsFanoutDocument, { interactions: 20, perContact: 3, withTotal: true }],
        [
          MixedNodesDocument,
          { ids: [Buffer.from(`Contact:${contact}`).toString('base64url'), Buffer.from('Contact:unknown').toString('base64url')] },
        ],
      ] as const) {
        const fast = await compiled.execute(document as typeof OrgPageWithRelationsDocument, variables as never);
        const plain = await interpreted.execute(document as typeof OrgPageWithRelationsDocument, variables as never);
        expect(fast).toEqual(plain);
      }
    } finally {
      await Promise.all([compiled.close(), interpreted.close()]);
    }
  });
});
