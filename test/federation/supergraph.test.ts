import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';
import { loyaltyTier, notesTypeDefs, startNotesSubgraph, type NotesSubgraph, type StoredNote } from './notes-subgraph.js';

let ctrlgraph: GatewayFixture;
let notes: NotesSubgraph;
let stored: StoredNote[];
let ctrlgraphSdl: string;
let hive: { runtime: GatewayRuntime; server: Server; url: URL };

interface Answer<T> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

async function post<T>(url: URL, query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Answer<T>;
}

beforeAll(async () => {
  ctrlgraph = await startGateway();
  // The notes service stores Ctrl-Hub ids it got from the graph, as a real neighbour would.
  const seen = await post<{
    interactions: { edges: { node: { contact: { ctrlHubId: string; account: { ctrlHubId: string } | null } | null } }[] };
  }>(ctrlgraph.url, '{ interactions(first: 200) { edges { node { contact { ctrlHubId account { ctrlHubId } } } } } }');
  const byContact = new Map<string, StoredNote>();
  for (const { node } of seen.data?.interactions.edges ?? []) {
    if (node.contact)
      byContact.set(node.contact.ctrlHubId, {
        contactCtrlHubId: node.contact.ctrlHubId,
        accountCtrlHubId: node.contact.account?.ctrlHubId ?? null,
      });
  }
  stored = [...byContact.values()].slice(0, 50);
  notes = await startNotesSubgraph(stored);

  const service = await post<{ _service: { sdl: string } }>(ctrlgraph.url, '{ _service { sdl } }');
  ctrlgraphSdl = service.data?._service.sdl ?? '';
  const composed = composeServices([
    { name: 'ctrlgraph', typeDefs: parse(ctrlgraphSdl), url: ctrlgraph.url.href },
    { name: 'notes', typeDefs: notesTypeDefs, url: notes.url.href },
  ]);
  if (composed.errors) throw new Error(`composition failed: ${composed.errors.map((error) => error.message).join('; ')}`);

  const runtime = createGatewayRuntime({ supergraph: composed.supergraphSdl, logging: false, maskedErrors: false });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hive = { runtime, server, url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`) };
});

afterAll(async () => {
  await new Promise((resolve) => hive?.server.close(resolve));
  await hive?.runtime.dispose();
  await notes?.close();
  await ctrlgraph?.close();
});

beforeEach(() => ctrlgraph.resetRequests());

const contactReads = () =>
  ctrlgraph.requests('ctrlhub').filter((request) => request.query.filter?.startsWith('contact_in(') && request.query.include === 'contact');
const idsIn = (requests: { query: { filter?: string } }[]) =>
  new Set(requests.flatMap((request) => [...(request.query.filter ?? '').matchAll(/'([^']+)'/g)].map((match) => match[1])));

describe('ctrlgraph as an Apollo Federation v2 subgraph', () => {
  it('publishes its entities and their keys in _service.sdl', () => {
    expect(ctrlgraphSdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6"');
    for (const type of ['Account', 'Contact', 'Property', 'Representative']) {
      const definition = ctrlgraphSdl.slice(ctrlgraphSdl.indexOf(`type ${type} implements Node`)).split('{')[0];
      expect(definition).toContain('@key(fields: "id")');
      expect(definition).toContain('@key(fields: "ctrlHubId")');
    }
    expect(ctrlgraphSdl).toMatch(/type PageInfo\s+@shareable/);
  });

  it('resolves 50 references from another subgraph through Hive Gateway with batched upstream reads', async () => {
    const answer = await post<{
      notes: {
        text: string;
        contact: { id: string; ctrlHubId: string; firstName: string | null; loyaltyTier: string };
        account: { id: string; ctrlHubId: string | null } | null;
      }[];
    }>(hive.url, '{ notes(first: 50) { text contact { id ctrlHubId firstName loyaltyTier } account { id ctrlHubId } } }');
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.notes).toHaveLength(50);

    // Every contact is the one the note stored, with the graph's own data for it.
    const contacts = ctrlgraph.simulator.data.ctrlhub.contacts;
    answer.data?.notes.forEach((note, index) => {
      const expected = stored[index] as StoredNote;
      expect(note.contact.ctrlHubId).toBe(expected.contactCtrlHubId);
      expect(note.contact.firstName).toBe(contacts.get(expected.contactCtrlHubId)?.attributes?.first_name ?? null);
      expect(note.contact.loyaltyTier).toBe(loyaltyTier(expected.contactCtrlHubId));
      // Referenced by raw Ctrl-Hub id through the `id` key; `ctrlHubId` comes from ctrlgraph, so it resolved.
      // (`id` itself is the key value the router already holds, as federation defines.)
      if (expected.accountCtrlHubId) expect(note.account).toEqual({ id: expected.accountCtrlHubId, ctrlHubId: expected.accountCtrlHubId });
    });

    // 50 contact references and their accounts: one batched read per resource, not one per reference
    // (Ctrl-Hub serves contacts and accounts as includes of interactions filtered by them).
    expect(ctrlgraph.requests('alpharun')).toHaveLength(0);
    const upstream = ctrlgraph.requests('ctrlhub');
    expect(upstream).toHaveLength(2);
    expect(idsIn(contactReads())).toEqual(new Set(stored.map((note) => note.contactCtrlHubId)));
    expect(contactReads()).toHaveLength(1);
  });

  it('crosses from the graph into the other subgraph', async () => {
    const answer = await post<{ interactions: { edges: { node: { contact: { ctrlHubId: string; loyaltyTier: string } | null } }[] } }>(
      hive.url,
      '{ interactions(first: 30) { edges { node { contact { ctrlHubId loyaltyTier } } } } }',
    );
    expect(answer.errors).toBeUndefined();
    const edges = answer.data?.interactions.edges ?? [];
    expect(edges).toHaveLength(30);
    for (const { node } of edges) if (node.contact) expect(node.contact.loyaltyTier).toBe(loyaltyTier(node.contact.ctrlHubId));
    // The router sent all contacts of the page to the notes service in one _entities call.
    expect(notes.entityCalls.at(-1)).toBeGreaterThan(1);
    expect(ctrlgraph.requests('ctrlhub')).toHaveLength(1);
  });
});

describe('_entities on ctrlgraph directly', () => {
  it('accepts global ids, raw ids and ctrlHubId keys, in order, with errors on their own index', async () => {
    const [contact, account] = [
      [...ctrlgraph.simulator.data.ctrlhub.contacts.values()][0],
      [...ctrlgraph.simulator.data.ctrlhub.accounts.values()][0],
    ];
    const globalContact = Buffer.from(`Contact:${contact?.id}`).toString('base64url');
    const globalAccount = Buffer.from(`Account:${account?.id}`).toString('base64url');
    const answer = await post<{ _entities: ({ __typename: string; ctrlHubId: string | null } | null)[] }>(
      ctrlgraph.url,
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { __typename ... on Contact { ctrlHubId } ... on Account { ctrlHubId } } }',
      {
        representations: [
          { __typename: 'Contact', id: globalContact },
          { __typename: 'Contact', id: contact?.id },
          { __typename: 'Account', ctrlHubId: account?.id },
          { __typename: 'Contact', ctrlHubId: 'no-such-contact' },
          { __typename: 'Contact', id: globalAccount },
          { __typename: 'Contact', name: 'no key' },
        ],
      },
    );
    expect(answer.data?._entities.slice(0, 4)).toEqual([
      { __typename: 'Contact', ctrlHubId: contact?.id },
      { __typename: 'Contact', ctrlHubId: contact?.id },
      { __typename: 'Account', ctrlHubId: account?.id },
      null,
    ]);
    expect(answer.errors).toHaveLength(2);
    expect(answer.errors?.[0]).toMatchObject({ path: ['_entities', 4], extensions: { code: 'BAD_USER_INPUT' } });
    expect(answer.errors?.[1]).toMatchObject({ path: ['_entities', 5], extensions: { code: 'BAD_USER_INPUT' } });
    // Both references to the contact and the unknown one share one read.
    expect(contactReads()).toHaveLength(1);
    expect(idsIn(contactReads())).toEqual(new Set([contact?.id, 'no-such-contact']));
  });

  it('fails only its own index for a representation that names no type, or is no object, or holds an id no upstream can have', async () => {
    const contact = [...ctrlgraph.simulator.data.ctrlhub.contacts.values()][0];
    ctrlgraph.resetRequests();
    const answer = await post<{ _entities: ({ ctrlHubId: string | null } | null)[] }>(
      ctrlgraph.url,
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Contact { ctrlHubId } } }',
      {
        representations: [
          { __typename: 'Nope', id: 'x' },
          5,
          ['Contact'],
          { __typename: 'Contact', ctrlHubId: 'y'.repeat(20_000) },
          // Types of the graph that are no entities.
          { __typename: 'Query', id: 'x' },
          { __typename: 'PageInfo', id: 'x' },
          { __typename: '__Schema', id: 'x' },
          { __typename: 'Contact', ctrlHubId: contact?.id },
        ],
      },
    );
    expect(answer.data?._entities).toEqual([null, null, null, null, null, null, null, { ctrlHubId: contact?.id }]);
    const byIndex = (answer.errors ?? [])
      .map((error) => [error.path?.[1], error.extensions?.code])
      .sort(([a], [b]) => Number(a) - Number(b));
    expect(byIndex).toEqual([0, 1, 2, 3, 4, 5, 6].map((index) => [index, 'BAD_USER_INPUT']));
    // Nothing went upstream for the refused ones: the one read is the contact's.
    expect(ctrlgraph.requests().every((request) => !JSON.stringify(request).includes('yyyy'))).toBe(true);
  });

  it('costs _entities by its number of representations, as nodes(ids:) by its ids', async () => {
    const selection = '... on Contact { ctrlHubId interactions(first: 100) { edges { node { id } } } }';
    const many = Array.from({ length: 400 }, (_, index) => ({ __typename: 'Contact', ctrlHubId: `c-${index}` }));
    ctrlgraph.resetRequests();
    const answer = await post<unknown>(
      ctrlgraph.url,
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`,
      {
        representations: many,
      },
    );
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(ctrlgraph.requests()).toEqual([]);
  });
});
