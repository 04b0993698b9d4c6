import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  LogInteractionDocument,
  ReassignInteractionDocument,
  UpdateInteractionDocument,
  type LogInteractionInput,
} from '../__generated__/graphql.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import type { RecordedRequest } from '../../src/simulator/request-log.js';
import type { InteractionResource } from '../../src/upstream/ctrlhub/types.js';
import { only, startGateway, type GatewayFixture } from '../support/gateway.js';

let gateway: GatewayFixture;
beforeAll(async () => {
  gateway = await startGateway({ tuning: { callTimeoutMs: 1500 } });
});
afterAll(() => gateway.close());
beforeEach(() => {
  gateway.simulator.clearFaults();
  gateway.resetRequests();
});

const writes = (): RecordedRequest[] => gateway.requests('ctrlhub').filter((request) => request.method !== 'GET');
const seeded = (index = 0): InteractionResource => {
  const interaction = gateway.simulator.data.ctrlhub.interactions.filter(
    (item) => item.relationships?.property?.data && item.relationships?.representative?.data,
  )[index];
  if (!interaction) throw new Error('no seeded interaction with every relation');
  return interaction;
};
const linkOf = (interaction: InteractionResource, name: 'contact' | 'account' | 'property' | 'representative') =>
  interaction.relationships?.[name]?.data?.id as string;
const otherUser = (than: string) => [...gateway.simulator.data.ctrlhub.users.keys()].find((id) => id !== than) as string;

function logInput(overrides: Partial<LogInteractionInput> = {}): LogInteractionInput {
  const template = seeded();
  return {
    clientMutationId: 'form-1',
    method: 'TELEPHONE',
    direction: 'OUTBOUND',
    dateTime: '2026-12-02T10:15:00Z',
    contacted: true,
    status: 'COMPLETED',
    notes: 'Called about the planned outage',
    contactId: encodeGlobalId('Contact', linkOf(template, 'contact')),
    accountId: linkOf(template, 'account'),
    propertyId: encodeGlobalId('Property', linkOf(template, 'property')),
    representativeId: linkOf(template, 'representative'),
    ...overrides,
  };
}

describe('logInteraction', () => {
  it('sends the documented JSON:API create body, once, as application/vnd.api+json', async () => {
    const template = seeded();
    const result = await gateway.execute(LogInteractionDocument, { input: logInput() });
    expect(result.errors).toBeUndefined();
    const post = only(writes());
    expect(post.method).toBe('POST');
    expect(post.path).toBe(`/v3/orgs/${gateway.simulator.orgId}/customers/interactions`);
    expect(post.headers['content-type']).toBe('application/vnd.api+json');
    expect(post.headers['x-session-token']).toBe('[present]');
    expect(JSON.parse(post.body ?? '')).toEqual({
      data: {
        type: 'customer-interactions',
        attributes: {
          method: 'telephone',
          direction: 'outbound',
          date_time: '2026-12-02T10:15:00Z',
          contacted: true,
          status: 'completed',
          notes: 'Called about the planned outage',
        },
        relationships: {
          contact: { data: { type: 'contacts', id: linkOf(template, 'contact') } },
          account: { data: { type: 'customer-accounts', id: linkOf(template, 'account') } },
          property: { data: { type: 'properties', id: linkOf(template, 'property') } },
          representative: { data: { type: 'users', id: linkOf(template, 'representative') } },
        },
      },
    });
  });

  it('sends only the attributes and relationships given', async () => {
    await gateway.execute(LogInteractionDocument, {
      input: { method: 'EMAIL', direction: 'INBOUND', dateTime: '2026-12-02T09:00:00.250Z' },
    });
    expect(JSON.parse(only(writes()).body ?? '')).toEqual({
      data: { type: 'customer-interactions', attributes: { method: 'email', direction: 'inbound', date_time: '2026-12-02T09:00:00.250Z' } },
    });
  });

  it('answers the new interaction with every relation, its edge and the clientMutationId', async () => {
    const template = seeded();
    const { data } = await gateway.execute(LogInteractionDocument, { input: logInput() });
    const payload = data?.logInteraction;
    expect(payload?.clientMutationId).toBe('form-1');
    expect(payload?.userErrors).toEqual([]);
    const interaction = payload?.interaction;
    expect(interaction).toMatchObject({
      method: 'TELEPHONE',
      direction: 'OUTBOUND',
      dateTime: '2026-12-02T10:15:00.000Z',
      contacted: true,
      status: 'COMPLETED',
      notes: 'Called about the planned outage',
      contact: { id: encodeGlobalId('Contact', linkOf(template, 'contact')) },
      account: { id: encodeGlobalId('Account', linkOf(template, 'account')) },
      property: { id: encodeGlobalId('Property', linkOf(template, 'property')) },
      representative: { id: encodeGlobalId('Representative', linkOf(template, 'representative')) },
    });
    expect(interaction?.contact?.firstName).toEqual(expect.any(String));
    expect(interaction?.author?.id).toEqual(expect.any(String));
    expect(interaction?.createdAt).toEqual(expect.any(String));
    expect(payload?.interactionEdge?.node.id).toBe(interaction?.id);
    expect(payload?.interactionEdge?.cursor).toEqual(expect.any(String));
  });

  it('is read back through node(id:), the filtered list and the contact it names, with totalCount grown', async () => {
    const contactId = encodeGlobalId('Contact', linkOf(seeded(), 'contact'));
    const count = `query ($id: ID!) { contact(id: $id) { interactions(first: 1) { totalCount edges { node { id } } } } }`;
    const before = await gateway.post({ query: count, variables: { id: contactId } });
    const { data } = await gateway.execute(LogInteractionDocument, { input: logInput() });
    const id = data?.logInteraction?.interaction?.id as string;

    const node = await gateway.post({
      query: 'query ($id: ID!) { node(id: $id) { id ... on CtrlHubInteraction { notes } } }',
      variables: { id },
    });
    expect(node.body.data?.node).toEqual({ id, notes: 'Called about the planned outage' });
    const filtered = await gateway.post({
      query: 'query ($id: ID!) { interactions(filter: { ids: [$id] }) { totalCount edges { node { id } } } }',
      variables: { id },
    });
    expect(filtered.body.data?.interactions).toEqual({ totalCount: 1, edges: [{ node: { id } }] });
    const after = await gateway.post({ query: count, variables: { id: contactId } });
    const beforeTotal = (before.body.data?.contact as { interactions: { totalCount: number } }).interactions.totalCount;
    expect(after.body.data?.contact).toEqual({ interactions: { totalCount: beforeTotal + 1, edges: [{ node: { id } }] } });
  });

  it('refuses UNKNOWN enum values as user errors, without writing', async () => {
    const { data } = await gateway.execute(LogInteractionDocument, { input: logInput({ method: 'UNKNOWN', status: 'UNKNOWN' }) });
    expect(data?.logInteraction?.userErrors.map((error) => [error.field, error.code])).toEqual([
      ['method', 'INVALID'],
      ['status', 'INVALID'],
    ]);
    expect(data?.logInteraction?.interaction).toBeNull();
    expect(gateway.requests()).toEqual([]);
  });

  it.each([
    ['contactId', () => encodeGlobalId('Account', linkOf(seeded(), 'account'))],
    ['accountId', () => encodeGlobalId('Contact', linkOf(seeded(), 'contact'))],
    ['propertyId', () => encodeGlobalId('Representative', linkOf(seeded(), 'representative'))],
    ['representativeId', () => encodeGlobalId('CtrlHubInteraction', seeded().id)],
  ] as const)('refuses a global id of the wrong type in %s as WRONG_TYPE, with no upstream request', async (field, id) => {
    const { data } = await gateway.execute(LogInteractionDocument, { input: logInput({ [field]: id() }) });
    expect(data?.logInteraction?.userErrors).toEqual([{ field, code: 'WRONG_TYPE', message: expect.stringContaining('id of a') }]);
    expect(gateway.requests()).toEqual([]);
  });

  it.each([
    ['contactId', 'no-such-contact'],
    ['accountId', 'no-such-account'],
    ['contactId', encodeGlobalId('Contact', 'alpharun:only-in-alpharun')],
  ] as const)('refuses an unknown %s (%s) as NOT_FOUND, with no write', async (field, id) => {
    const { data } = await gateway.execute(LogInteractionDocument, { input: logInput({ [field]: id }) });
    expect(data?.logInteraction?.userErrors).toEqual([{ field, code: 'NOT_FOUND', message: expect.any(String) }]);
    expect(writes()).toEqual([]);
  });

  it('maps Ctrl-Hub refusing an unknown representative (404) to a NOT_FOUND user error on representativeId', async () => {
    const { data } = await gateway.execute(LogInteractionDocument, { input: logInput({ representativeId: 'no-such-user' }) });
    expect(data?.logInteraction?.userErrors).toEqual([{ field: 'representativeId', code: 'NOT_FOUND', message: expect.any(String) }]);
    expect(only(writes()).status).toBe(404);
  });

  it.each([
    ['/data/attributes/method', 'method'],
    ['/data/attributes/direction', 'direction'],
    ['/data/attributes/date_time', 'dateTime'],
    ['/data/attributes/contacted', 'contacted'],
    ['/data/attributes/status', 'status'],
    ['/data/attributes/notes', 'notes'],
    ['/data/relationships/contact/data/id', 'contactId'],
    ['/data/relationships/account', 'accountId'],
    ['/data/relationships/property/data', 'propertyId'],
    ['/data/relationships/representative/data/type', 'representativeId'],
    ['/data', null],
    ['/data/attributes/colour', null],
  ])('maps a 422 pointing at %s to a user error on %s', async (pointer, field) => {
    const body = JSON.stringify({ errors: [{ status: '422', title: 'Invalid attribute', detail: 'not acceptable', source: { pointer } }] });
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'POST', effect: { kind: 'status', status: 422, body } });
    const { data, errors } = await gateway.execute(LogInteractionDocument, { input: logInput() });
    expect(errors).toBeUndefined();
    expect(data?.logInteraction).toMatchObject({
      clientMutationId: 'form-1',
      interaction: null,
      interactionEdge: null,
      userErrors: [{ field, code: 'INVALID', message: 'Ctrl-Hub refused this value: not acceptable' }],
    });
    expect(writes()).toHaveLength(1);
  });

  it('keeps every error of a 422 with several pointers', async () => {
    const body = JSON.stringify({
      errors: [
        { status: '422', detail: 'too long', source: { pointer: '/data/attributes/notes' } },
        { status: '422', detail: 'in the future', source: { pointer: '/data/attributes/date_time' } },
      ],
    });
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'POST', effect: { kind: 'status', status: 422, body } });
    const { data } = await gateway.execute(LogInteractionDocument, { input: logInput() });
    expect(data?.logInteraction?.userErrors.map((error) => error.field)).toEqual(['notes', 'dateTime']);
  });

  it('sends exactly one POST when Ctrl-Hub answers 503, and reports UPSTREAM_ERROR', async () => {
    const total = gateway.simulator.data.ctrlhub.interactions.length;
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'POST', effect: { kind: 'status', status: 503 } });
    const { data, errors } = await gateway.execute(LogInteractionDocument, { input: logInput() });
    expect(data?.logInteraction).toBeNull();
    expect(only(errors ?? [])).toMatchObject({ path: ['logInteraction'], extensions: { code: 'UPSTREAM_ERROR', status: 503 } });
    expect(writes()).toHaveLength(1);
    expect(gateway.simulator.data.ctrlhub.interactions).toHaveLength(total);
  });

  it('says UPSTREAM_OUTCOME_UNKNOWN, and sends no second POST, when Ctrl-Hub takes the body and never answers', async () => {
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'POST', effect: { kind: 'hang', afterApplying: true } });
    const { data, errors } = await gateway.execute(LogInteractionDocument, { input: logInput({ notes: 'lost answer' }) });
    expect(data?.logInteraction).toBeNull();
    expect(only(errors ?? [])).toMatchObject({
      path: ['logInteraction'],
      message: expect.stringContaining('may or may not have been applied'),
      extensions: { code: 'UPSTREAM_OUTCOME_UNKNOWN', upstream: 'ctrlhub' },
    });
    const post = only(writes());
    expect(JSON.parse(post.body ?? '').data.attributes.notes).toBe('lost answer');
    // It was applied: checking, as the error asks, finds it.
    expect(gateway.simulator.data.ctrlhub.interactions[0]?.attributes?.notes).toBe('lost answer');
  });

  it('shows the new interaction to the rest of the same request: a later field reads the list again', async () => {
    const contactId = encodeGlobalId('Contact', linkOf(seeded(), 'contact'));
    const list = `contact { interactions(first: 1) { edges { node { notes } } } }`;
    const result = await gateway.post({
      query: `mutation ($a: LogInteractionInput!, $b: LogInteractionInput!) {
        a: logInteraction(input: $a) { interaction { ${list} } }
        b: logInteraction(input: $b) { interaction { ${list} } }
      }`,
      variables: {
        a: { method: 'SMS', direction: 'OUTBOUND', dateTime: '2026-12-02T11:00:00Z', contactId, notes: 'first' },
        b: { method: 'SMS', direction: 'OUTBOUND', dateTime: '2026-12-02T11:05:00Z', contactId, notes: 'second' },
      },
    });
    const notesOf = (key: 'a' | 'b') =>
      (result.body.data?.[key] as { interaction: { contact: { interactions: { edges: { node: { notes: string } }[] } } } }).interaction
        .contact.interactions.edges[0]?.node.notes;
    expect(notesOf('a')).toBe('first');
    expect(notesOf('b')).toBe('second');
  });
});

describe('updateInteraction', () => {
  it('sends the documented PUT body with only the attributes given', async () => {
    const target = seeded(1);
    const { data } = await gateway.execute(UpdateInteractionDocument, {
      input: { id: encodeGlobalId('CtrlHubInteraction', target.id), contacted: false, notes: 'Left a voicemail', clientMutationId: 'u1' },
    });
    expect(data?.updateInteraction?.userErrors).toEqual([]);
    const put = only(writes());
    expect(put.method).toBe('PUT');
    expect(put.path).toBe(`/v3/orgs/${gateway.simulator.orgId}/customers/interactions/${target.id}`);
    expect(put.headers['content-type']).toBe('application/vnd.api+json');
    expect(JSON.parse(put.body ?? '')).toEqual({
      data: { type: 'customer-interactions', id: target.id, attributes: { contacted: false, notes: 'Left a voicemail' } },
    });
    expect(data?.updateInteraction).toMatchObject({
      clientMutationId: 'u1',
      interaction: { ctrlHubId: target.id, contacted: false, notes: 'Left a voicemail' },
    });
  });

  it('clears the notes with notes: null and keeps what is left out', async () => {
    const target = seeded(2);
    const dateTime = target.attributes?.date_time;
    await gateway.execute(UpdateInteractionDocument, { input: { id: target.id, notes: null } });
    expect(JSON.parse(only(writes()).body ?? '').data.attributes).toEqual({ notes: null });
    const node = await gateway.post({
      query: 'query ($id: ID!) { node(id: $id) { ... on CtrlHubInteraction { notes dateTime } } }',
      variables: { id: encodeGlobalId('CtrlHubInteraction', target.id) },
    });
    expect(node.body.data?.node).toEqual({ notes: null, dateTime: new Date(dateTime as string).toISOString() });
  });

  it('is read back through the lists that hold the interaction', async () => {
    const target = seeded(3);
    await gateway.execute(UpdateInteractionDocument, { input: { id: target.id, dateTime: '2026-11-30T08:30:00Z' } });
    const list = await gateway.post({
      query: 'query ($id: ID!) { interactions(filter: { ids: [$id] }) { edges { node { dateTime } } } }',
      variables: { id: target.id },
    });
    expect(list.body.data?.interactions).toEqual({ edges: [{ node: { dateTime: '2026-11-30T08:30:00.000Z' } }] });
  });

  it('retries the PUT once when Ctrl-Hub answers 503, and succeeds', async () => {
    const target = seeded(4);
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'PUT', times: 1, effect: { kind: 'status', status: 503 } });
    const { data, errors } = await gateway.execute(UpdateInteractionDocument, { input: { id: target.id, notes: 'after a retry' } });
    expect(errors).toBeUndefined();
    expect(data?.updateInteraction?.interaction?.notes).toBe('after a retry');
    expect(writes().map((request) => [request.method, request.status])).toEqual([
      ['PUT', 503],
      ['PUT', 200],
    ]);
    expect(writes()[0]?.body).toBe(writes()[1]?.body);
  });

  it.each([
    ['an unknown raw id', (): string => 'no-such-interaction', 'NOT_FOUND'],
    ['an unknown global id', (): string => encodeGlobalId('CtrlHubInteraction', 'no-such-interaction'), 'NOT_FOUND'],
    ['the global id of a contact', (): string => encodeGlobalId('Contact', linkOf(seeded(), 'contact')), 'WRONG_TYPE'],
  ] as const)('refuses %s as a user error on id, with no write', async (_case, id, code) => {
    const { data } = await gateway.execute(UpdateInteractionDocument, { input: { id: id(), notes: 'x' } });
    expect(data?.updateInteraction?.userErrors).toEqual([{ field: 'id', code, message: expect.any(String) }]);
    expect(writes()).toEqual([]);
  });

  it('refuses an update that changes nothing or clears a required attribute, with no upstream request', async () => {
    const empty = await gateway.execute(UpdateInteractionDocument, { input: { id: seeded().id } });
    expect(empty.data?.updateInteraction?.userErrors).toEqual([{ field: null, code: 'INVALID', message: expect.any(String) }]);
    const cleared = await gateway.execute(UpdateInteractionDocument, { input: { id: seeded().id, dateTime: null, contacted: null } });
    expect(cleared.data?.updateInteraction?.userErrors.map((error) => error.field)).toEqual(['dateTime', 'contacted']);
    expect(gateway.requests()).toEqual([]);
  });

  it('maps a 422 on date_time to a user error on dateTime', async () => {
    const body = JSON.stringify({ errors: [{ status: '422', detail: 'bad date', source: { pointer: '/data/attributes/date_time' } }] });
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'PUT', effect: { kind: 'status', status: 422, body } });
    const { data } = await gateway.execute(UpdateInteractionDocument, { input: { id: seeded().id, dateTime: '2026-12-01T00:00:00Z' } });
    expect(data?.updateInteraction?.userErrors).toEqual([
      { field: 'dateTime', code: 'INVALID', message: 'Ctrl-Hub refused this value: bad date' },
    ]);
    expect(writes()).toHaveLength(1);
  });
});

describe('reassignInteraction', () => {
  it('sends the documented PATCH to the relationship and answers the interaction as it now is', async () => {
    const target = seeded(5);
    const colleague = otherUser(linkOf(target, 'representative'));
    const { data } = await gateway.execute(ReassignInteractionDocument, {
      input: { id: target.id, representativeId: encodeGlobalId('Representative', colleague), clientMutationId: 'r1' },
    });
    expect(data?.reassignInteraction?.userErrors).toEqual([]);
    const patch = only(writes());
    expect(patch.method).toBe('PATCH');
    expect(patch.path).toBe(`/v3/orgs/${gateway.simulator.orgId}/customers/interactions/${target.id}/relationships/representative`);
    expect(patch.headers['content-type']).toBe('application/vnd.api+json');
    expect(JSON.parse(patch.body ?? '')).toEqual({ data: { type: 'users', id: colleague } });
    expect(data?.reassignInteraction).toMatchObject({
      clientMutationId: 'r1',
      interaction: { ctrlHubId: target.id, representative: { id: encodeGlobalId('Representative', colleague) } },
    });
  });

  it('is read back through the new representative’s list', async () => {
    const target = seeded(6);
    const colleague = otherUser(linkOf(target, 'representative'));
    await gateway.execute(ReassignInteractionDocument, { input: { id: target.id, representativeId: colleague } });
    const list = await gateway.post({
      query: 'query ($id: ID!, $rep: ID!) { interactions(filter: { ids: [$id], representativeIds: [$rep] }) { totalCount } }',
      variables: { id: target.id, rep: colleague },
    });
    expect(list.body.data?.interactions).toEqual({ totalCount: 1 });
  });

  it.each([
    ['contactId', 'contact', 'contacts'],
    ['accountId', 'account', 'customer-accounts'],
    ['propertyId', 'property', 'properties'],
  ] as const)('re-links %s through /relationships/%s', async (field, name, type) => {
    const target = seeded(7);
    const related = linkOf(seeded(20), name);
    await gateway.execute(ReassignInteractionDocument, { input: { id: target.id, [field]: related } });
    const patch = only(writes());
    expect(patch.path.endsWith(`/relationships/${name}`)).toBe(true);
    expect(JSON.parse(patch.body ?? '')).toEqual({ data: { type, id: related } });
  });

  it('retries the PATCH once when Ctrl-Hub answers 503', async () => {
    const target = seeded(8);
    gateway.simulator.fault({ upstream: 'ctrlhub', method: 'PATCH', times: 1, effect: { kind: 'status', status: 503 } });
    const { errors } = await gateway.execute(ReassignInteractionDocument, {
      input: { id: target.id, representativeId: otherUser(linkOf(target, 'representative')) },
    });
    expect(errors).toBeUndefined();
    expect(writes().map((request) => request.status)).toEqual([503, 200]);
  });

  it('refuses anything but exactly one target, with no upstream request', async () => {
    const none = await gateway.execute(ReassignInteractionDocument, { input: { id: seeded().id } });
    const two = await gateway.execute(ReassignInteractionDocument, {
      input: { id: seeded().id, contactId: linkOf(seeded(), 'contact'), accountId: linkOf(seeded(), 'account') },
    });
    for (const result of [none, two])
      expect(result.data?.reassignInteraction?.userErrors).toEqual([{ field: null, code: 'INVALID', message: expect.any(String) }]);
    expect(gateway.requests()).toEqual([]);
  });

  it.each([
    ['a contact id as representativeId', 'representativeId', encodeGlobalId('Contact', 'c'), 'WRONG_TYPE'],
    ['an unknown contact', 'contactId', 'no-such-contact', 'NOT_FOUND'],
    ['an unknown account', 'accountId', 'no-such-account', 'NOT_FOUND'],
  ] as const)('refuses %s as a user error, with no write', async (_case, field, value, code) => {
    const { data } = await gateway.execute(ReassignInteractionDocument, { input: { id: seeded().id, [field]: value } });
    expect(data?.reassignInteraction?.userErrors).toEqual([{ field, code, message: expect.any(String) }]);
    expect(writes()).toEqual([]);
  });

  it('refuses an unknown interaction as NOT_FOUND on id, with no write', async () => {
    const { data } = await gateway.execute(ReassignInteractionDocument, {
      input: { id: 'no-such-interaction', representativeId: linkOf(seeded(), 'representative') },
    });
    expect(data?.reassignInteraction?.userErrors).toEqual([{ field: 'id', code: 'NOT_FOUND', message: expect.any(String) }]);
    expect(writes()).toEqual([]);
  });

  it('maps Ctrl-Hub refusing an unknown representative (404) to NOT_FOUND on representativeId', async () => {
    const { data } = await gateway.execute(ReassignInteractionDocument, { input: { id: seeded().id, representativeId: 'no-such-user' } });
    expect(data?.reassignInteraction?.userErrors).toEqual([{ field: 'representativeId', code: 'NOT_FOUND', message: expect.any(String) }]);
    expect(only(writes()).status).toBe(404);
  });
});

describe('a relationship update answered 204 No Content', () => {
  let quiet: GatewayFixture;
  beforeAll(async () => {
    quiet = await startGateway({ simulator: { relationshipUpdateStatus: 204 } });
  });
  afterAll(() => quiet.close());

  it('is accepted, and the interaction is read again for the payload', async () => {
    const target = quiet.simulator.data.ctrlhub.interactions[10] as InteractionResource;
    const colleague = [...quiet.simulator.data.ctrlhub.users.keys()].find((id) => id !== linkOf(target, 'representative')) as string;
    const { data, errors } = await quiet.execute(ReassignInteractionDocument, { input: { id: target.id, representativeId: colleague } });
    expect(errors).toBeUndefined();
    expect(data?.reassignInteraction?.interaction?.representative?.id).toBe(encodeGlobalId('Representative', colleague));
    expect(quiet.requests('ctrlhub').map((request) => `${request.method} ${request.status}`)).toEqual(['GET 200', 'PATCH 204', 'GET 200']);
  });
});

describe('mutation cost', () => {
  let strict: GatewayFixture;
  beforeAll(async () => {
    strict = await startGateway({ protection: { maxCost: 40 } });
  });
  afterAll(() => strict.close());

  it('counts each write, so aliased writes past the cost limit are refused before any upstream request', async () => {
    const field = (alias: string) =>
      `${alias}: logInteraction(input: { method: SMS, direction: OUTBOUND, dateTime: "2026-12-02T10:00:00Z" }) { interaction { id } }`;
    const result = await strict.post({ query: `mutation { ${['a', 'b', 'c', 'd'].map(field).join(' ')} }` });
    expect(result.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(strict.requests()).toEqual([]);
    const one = await strict.post({ query: `mutation { ${field('a')} }` });
    expect(one.body.errors).toBeUndefined();
    expect(strict.requests().map((request) => request.method)).toEqual(['POST']);
  });
});
