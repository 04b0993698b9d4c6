import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import type { InteractionResource } from '../../src/upstream/ctrlhub/types.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.requests.clear();
  simulator.clearFaults();
});

const JSON_API = 'application/vnd.api+json';
const base = () => `${simulator.ctrlhubBaseUrl}/orgs/${simulator.orgId}/customers/interactions`;
const existing = (index = 0) => simulator.data.ctrlhub.interactions[index + 50] as InteractionResource;
const contactId = () => [...simulator.data.ctrlhub.contacts.keys()][0] as string;
const userId = () => [...simulator.data.ctrlhub.users.keys()][1] as string;

async function send(method: string, path: string, body: unknown, contentType = JSON_API) {
  const response = await fetch(`${base()}${path}`, {
    method,
    headers: { 'x-session-token': simulator.ctrlhubSessionToken, 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}
const get = async (query: string) =>
  (await (await fetch(`${base()}?${query}`, { headers: { 'x-session-token': simulator.ctrlhubSessionToken } })).json()) as {
    data: InteractionResource[];
    included: { type: string; id: string }[];
    meta: { pagination: { counts: { resources: number } } };
  };
const pointers = (body: Record<string, unknown> | undefined) =>
  (body?.errors as { source?: { pointer?: string } }[]).map((error) => error.source?.pointer);

const create = (attributes: Record<string, unknown>, relationships?: Record<string, unknown>) => ({
  data: { type: 'customer-interactions', attributes, ...(relationships ? { relationships } : {}) },
});
const valid = { method: 'telephone', direction: 'outbound', date_time: '2026-12-02T10:15:00Z' };

describe('the simulated Ctrl-Hub create (POST)', () => {
  it('creates an interaction that every later read shows: lists, filters, includes and totalCount', async () => {
    const before = await get(`filter=${encodeURIComponent(`contact_in('${contactId()}')`)}&limit=1`);
    const created = await send('POST', '', create(valid, { contact: { data: { type: 'contacts', id: contactId() } } }));
    expect(created.status).toBe(201);
    const resource = created.body?.data as InteractionResource;
    expect(resource).toMatchObject({
      type: 'customer-interactions',
      attributes: valid,
      relationships: { contact: { data: { id: contactId() } } },
    });
    expect(resource.relationships?.author?.data?.type).toBe('authors');
    expect(resource.meta?.created_at).toEqual(expect.any(String));

    const after = await get(`filter=${encodeURIComponent(`contact_in('${contactId()}')`)}&limit=1&include=contact`);
    expect(after.meta.pagination.counts.resources).toBe(before.meta.pagination.counts.resources + 1);
    expect(after.data[0]?.id).toBe(resource.id);
    expect(after.included).toEqual([expect.objectContaining({ type: 'contacts', id: contactId() })]);
    const byId = await fetch(`${base()}/${resource.id}`, { headers: { 'x-session-token': simulator.ctrlhubSessionToken } });
    expect(byId.status).toBe(200);
  });

  it('records the body it received in its request log', async () => {
    const body = JSON.stringify(create(valid));
    await send('POST', '', body);
    expect(simulator.requests.entries[0]).toMatchObject({ method: 'POST', body, headers: { 'content-type': JSON_API } });
  });

  it.each(['application/json', 'application/vnd.api+json; charset=utf-8', 'text/plain'])('answers 415 to Content-Type %s', async (type) => {
    expect((await send('POST', '', create(valid), type)).status).toBe(415);
  });

  it('answers 422 pointing at each missing required attribute', async () => {
    const answer = await send('POST', '', create({ notes: 'x' }));
    expect(answer.status).toBe(422);
    expect(pointers(answer.body)).toEqual(['/data/attributes/method', '/data/attributes/direction', '/data/attributes/date_time']);
  });

  it.each([
    [{ ...valid, colour: 'red' }, '/data/attributes/colour'],
    [{ ...valid, contacted: 'yes' }, '/data/attributes/contacted'],
    [{ ...valid, date_time: 'tuesday' }, '/data/attributes/date_time'],
    [{ ...valid, method: '' }, '/data/attributes/method'],
  ])('answers 422 for %j pointing at %s', async (attributes, pointer) => {
    const answer = await send('POST', '', create(attributes));
    expect(answer.status).toBe(422);
    expect(pointers(answer.body)).toEqual([pointer]);
  });

  it.each([
    ['author (set by the API)', () => ({ author: { data: { type: 'users', id: userId() } } }), 422, '/data/relationships/author'],
    [
      'contact holding users',
      () => ({ contact: { data: { type: 'users', id: contactId() } } }),
      422,
      '/data/relationships/contact/data/type',
    ],
    [
      'an unknown representative',
      () => ({ representative: { data: { type: 'users', id: 'nobody' } } }),
      404,
      '/data/relationships/representative/data/id',
    ],
    ['property without linkage', () => ({ property: { data: null } }), 422, '/data/relationships/property/data'],
  ])('refuses %s with %i pointing at %s', async (_case, relationships, status, pointer) => {
    const answer = await send('POST', '', create(valid, relationships()));
    expect(answer.status).toBe(status);
    expect(pointers(answer.body)).toEqual([pointer]);
  });

  it('answers 409 to another resource type and 403 to a client-generated id', async () => {
    expect((await send('POST', '', { data: { type: 'contacts', attributes: valid } })).status).toBe(409);
    expect((await send('POST', '', { data: { type: 'customer-interactions', id: 'mine', attributes: valid } })).status).toBe(403);
  });

  it('applies nothing it refuses', async () => {
    const count = simulator.data.ctrlhub.interactions.length;
    await send('POST', '', create({ notes: 'x' }));
    await send('POST', '', create(valid, { contact: { data: { type: 'contacts', id: 'nobody' } } }));
    expect(simulator.data.ctrlhub.interactions).toHaveLength(count);
  });
});

describe('the simulated Ctrl-Hub update (PUT)', () => {
  it('changes only the attributes sent and stamps updated_at', async () => {
    const target = existing();
    const method = target.attributes?.method;
    const answer = await send('PUT', `/${target.id}`, {
      data: { type: 'customer-interactions', id: target.id, attributes: { notes: 'changed' } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body?.data).toMatchObject({ id: target.id, attributes: { notes: 'changed', method } });
    const listed = await get(`filter=${encodeURIComponent(`id_in('${target.id}')`)}`);
    expect(listed.data[0]?.attributes?.notes).toBe('changed');
  });

  it.each([
    [{ method: 'sms' }, 422, '/data/attributes/method'],
    [{ status: 'done' }, 422, '/data/attributes/status'],
    [{ contacted: 1 }, 422, '/data/attributes/contacted'],
  ])('refuses %j (not writable or of the wrong type) with 422', async (attributes, status, pointer) => {
    const target = existing(1);
    const answer = await send('PUT', `/${target.id}`, { data: { type: 'customer-interactions', id: target.id, attributes } });
    expect(answer.status).toBe(status);
    expect(pointers(answer.body)).toEqual([pointer]);
  });

  it('answers 404 to an unknown interaction and 409 to a mismatched id or type', async () => {
    const target = existing(2);
    expect((await send('PUT', '/nobody', { data: { type: 'customer-interactions', id: 'nobody', attributes: {} } })).status).toBe(404);
    expect((await send('PUT', `/${target.id}`, { data: { type: 'customer-interactions', id: 'other', attributes: {} } })).status).toBe(409);
    expect((await send('PUT', `/${target.id}`, { data: { type: 'contacts', id: target.id, attributes: {} } })).status).toBe(409);
  });
});

describe('the simulated Ctrl-Hub relationship update (PATCH)', () => {
  it('re-links the interaction, answers 200 with the linkage, and every later read shows it', async () => {
    const target = existing(3);
    const answer = await send('PATCH', `/${target.id}/relationships/representative`, { data: { type: 'users', id: userId() } });
    expect(answer).toEqual({ status: 200, body: { data: { type: 'users', id: userId() }, jsonapi: { version: '1.0' } } });
    const listed = await get(`filter=${encodeURIComponent(`and(id_in('${target.id}'),representative_in('${userId()}'))`)}`);
    expect(listed.data.map((item) => item.id)).toEqual([target.id]);
  });

  it('answers 409 to the wrong type for the relationship, 404 to an unknown id or relationship name', async () => {
    const target = existing(4);
    expect(
      (await send('PATCH', `/${target.id}/relationships/representative`, { data: { type: 'contacts', id: contactId() } })).status,
    ).toBe(409);
    expect((await send('PATCH', `/${target.id}/relationships/representative`, { data: { type: 'users', id: 'nobody' } })).status).toBe(404);
    expect((await send('PATCH', `/${target.id}/relationships/author`, { data: { type: 'users', id: userId() } })).status).toBe(404);
    expect((await send('PATCH', `/nobody/relationships/contact`, { data: { type: 'contacts', id: contactId() } })).status).toBe(404);
  });

  it('answers 204 with no body when configured so', async () => {
    const quiet = await startSimulator({ port: 0, relationshipUpdateStatus: 204 });
    try {
      const target = quiet.data.ctrlhub.interactions[0] as InteractionResource;
      const user = [...quiet.data.ctrlhub.users.keys()][2] as string;
      const response = await fetch(
        `${quiet.ctrlhubBaseUrl}/orgs/${quiet.orgId}/customers/interactions/${target.id}/relationships/representative`,
        {
          method: 'PATCH',
          headers: { 'x-session-token': quiet.ctrlhubSessionToken, 'content-type': JSON_API },
          body: JSON.stringify({ data: { type: 'users', id: user } }),
        },
      );
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      expect(target.relationships?.representative?.data?.id).toBe(user);
    } finally {
      await quiet.close();
    }
  });
});

describe('write fault knobs', () => {
  it('fails a write with a status, matched by method, without applying it', async () => {
    const count = simulator.data.ctrlhub.interactions.length;
    simulator.fault({ upstream: 'ctrlhub', method: 'POST', times: 1, effect: { kind: 'status', status: 503 } });
    expect((await get('limit=1')).data).toHaveLength(1);
    expect((await send('POST', '', create(valid))).status).toBe(503);
    expect(simulator.data.ctrlhub.interactions).toHaveLength(count);
    expect((await send('POST', '', create(valid))).status).toBe(201);
  });

  it('hangs after receiving the body, applying the write first when asked', async () => {
    const count = simulator.data.ctrlhub.interactions.length;
    simulator.fault({ upstream: 'ctrlhub', method: 'POST', effect: { kind: 'hang', afterApplying: true } });
    const request = send('POST', '', create({ ...valid, notes: 'answer lost' }));
    const outcome = await Promise.race([
      request.then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('hanging'), 300)),
    ]);
    expect(outcome).toBe('hanging');
    expect(simulator.requests.entries.at(-1)?.body).toContain('answer lost');
    expect(simulator.data.ctrlhub.interactions).toHaveLength(count + 1);
    simulator.clearFaults();
    void request.catch(() => undefined);
  });
});
