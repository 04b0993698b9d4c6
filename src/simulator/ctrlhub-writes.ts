import { randomUUID } from 'node:crypto';
import type { InteractionResource } from '../upstream/ctrlhub/types.js';
import type { Dataset } from './dataset.js';
import type { SimResponse } from './http-types.js';

/**
 * The documented Ctrl-Hub interaction writes (`upstreams/ctrlhub.md`, "Writes"), enforcing what the
 * contract says and nothing more: the JSON:API media type, resource types, required and writable
 * attributes, relationship types, and 404/409/422 answers whose error objects point at the member at fault.
 */

const MEDIA_TYPE = 'application/vnd.api+json';
const INTERACTION_TYPE = 'customer-interactions';
const LINKED_TYPES: Record<string, string> = {
  contact: 'contacts',
  account: 'customer-accounts',
  property: 'properties',
  representative: 'users',
};
const REQUIRED_ON_CREATE = ['method', 'direction', 'date_time'];
const CREATE_ATTRIBUTES: Record<string, AttributeKind> = {
  method: 'text',
  direction: 'text',
  date_time: 'dateTime',
  contacted: 'boolean',
  status: 'text',
  notes: 'nullableText',
};
const UPDATE_ATTRIBUTES: Record<string, AttributeKind> = { date_time: 'dateTime', contacted: 'boolean', notes: 'nullableText' };
type AttributeKind = 'text' | 'nullableText' | 'dateTime' | 'boolean';

interface Problem {
  status: number;
  title: string;
  detail: string;
  pointer?: string;
}

export interface WriteRequest {
  method: string;
  contentType: string | undefined;
  body: string;
}

export interface CtrlHubWritesOptions {
  /** How a relationship update answers: `200` with the linkage, or `204` with no body (JSON:API allows both). */
  relationshipUpdateStatus: 200 | 204;
}

export function createCtrlHubWrites(data: Dataset, interactionsById: Map<string, InteractionResource>, options: CtrlHubWritesOptions) {
  const { ctrlhub } = data;
  // The session token's user: Ctrl-Hub sets a new interaction's author to it.
  const sessionUserId = [...ctrlhub.users.keys()][0] ?? randomUUID();

  const exists: Record<string, (id: string) => boolean> = {
    contacts: (id) => ctrlhub.contacts.has(id),
    'customer-accounts': (id) => ctrlhub.accounts.has(id),
    properties: (id) => ctrlhub.properties.has(id),
    users: (id) => ctrlhub.users.has(id),
  };

  /** Parses the JSON:API document of a write, or says why it cannot. */
  function readDocument(request: WriteRequest): { data: Record<string, unknown> } | SimResponse {
    // JSON:API 1.0: the media type without parameters, else 415.
    if (request.contentType?.trim() !== MEDIA_TYPE)
      return errors([{ status: 415, title: 'Unsupported Media Type', detail: `Send ${MEDIA_TYPE} without parameters` }]);
    let document: unknown;
    try {
      document = JSON.parse(request.body);
    } catch {
      return errors([{ status: 400, title: 'Malformed document', detail: 'The body is not valid JSON' }]);
    }
    const data = (document as { data?: unknown } | null)?.data;
    if (!isObject(data)) return errors([invalid('/data', 'A document needs a data object')]);
    return { data };
  }

  function checkAttributes(
    attributes: unknown,
    allowed: Record<string, AttributeKind>,
    required: readonly string[],
  ): Problem[] | Record<string, unknown> {
    if (attributes === undefined) attributes = {};
    if (!isObject(attributes)) return [invalid('/data/attributes', 'attributes must be an object')];
    const problems: Problem[] = [];
    for (const name of required)
      if (attributes[name] === undefined) problems.push(invalid(`/data/attributes/${name}`, `${name} is required`));
    for (const [name, value] of Object.entries(attributes)) {
      const kind = allowed[name];
      if (!kind) problems.push(invalid(`/data/attributes/${name}`, `${name} is not a writable attribute`));
      else if (!fits(kind, value)) problems.push(invalid(`/data/attributes/${name}`, `${name} must be ${describe(kind)}`));
    }
    return problems.length > 0 ? problems : attributes;
  }

  /** A relationship's resource identifier: the right type, a known id. */
  function checkLinkage(name: string, linkage: unknown, pointer: string): Problem | undefined {
    const type = LINKED_TYPES[name];
    if (!type) return invalid(pointer.replace(/\/data$/, ''), `${name} is not a writable relationship`);
    if (!isObject(linkage) || typeof linkage.type !== 'string' || typeof linkage.id !== 'string')
      return invalid(pointer, `${name} needs a resource identifier {type, id}`);
    if (linkage.type !== type) return invalid(`${pointer}/type`, `${name} holds ${type}, not ${linkage.type}`);
    if (!exists[type]?.(linkage.id))
      return { status: 404, title: 'Not found', detail: `No ${type} with that id`, pointer: `${pointer}/id` };
    return undefined;
  }

  function create(request: WriteRequest): SimResponse {
    const read = readDocument(request);
    if (!('data' in read)) return read;
    const { data } = read;
    if (data.type !== INTERACTION_TYPE) return typeConflict(data.type);
    if (data.id !== undefined)
      return errors([{ status: 403, title: 'Forbidden', detail: 'Client-generated ids are not supported', pointer: '/data/id' }]);
    const attributes = checkAttributes(data.attributes, CREATE_ATTRIBUTES, REQUIRED_ON_CREATE);
    const problems: Problem[] = Array.isArray(attributes) ? [...attributes] : [];
    const relationships = data.relationships ?? {};
    const links: Record<string, { type: string; id: string }> = {};
    if (!isObject(relationships)) problems.push(invalid('/data/relationships', 'relationships must be an object'));
    else
      for (const [name, relationship] of Object.entries(relationships)) {
        const problem = checkLinkage(name, isObject(relationship) ? relationship.data : undefined, `/data/relationships/${name}/data`);
        if (problem) problems.push(problem);
        else links[name] = (relationship as { data: { type: string; id: string } }).data;
      }
    if (problems.length > 0 || Array.isArray(attributes)) return errors(problems);

    const now = timestamp();
    const linked = (name: string) => ({ data: links[name] ? { type: links[name].type, id: links[name].id } : null });
    const interaction: InteractionResource = {
      id: randomUUID(),
      type: INTERACTION_TYPE,
      attributes: { contacted: false, status: 'scheduled', notes: null, ...attributes },
      meta: { created_at: now, updated_at: now, modified_at: now },
      relationships: {
        author: { data: { type: 'authors', id: sessionUserId } },
        organisation: { data: { type: 'organisations', id: ctrlhub.organisation.id } },
        representative: linked('representative'),
        account: linked('account'),
        contact: linked('contact'),
        property: linked('property'),
      },
    };
    // Newest first: a new interaction heads every list it belongs to.
    ctrlhub.interactions.unshift(interaction);
    interactionsById.set(interaction.id, interaction);
    return { status: 201, body: { data: interaction, jsonapi: { version: '1.0' } } };
  }

  function update(id: string, request: WriteRequest): SimResponse {
    const interaction = interactionsById.get(id);
    if (!interaction) return errors([{ status: 404, title: 'Not found', detail: 'No interaction with that id' }]);
    const read = readDocument(request);
    if (!('data' in read)) return read;
    const { data } = read;
    if (data.type !== INTERACTION_TYPE) return typeConflict(data.type);
    if (data.id !== id)
      return errors([{ status: 409, title: 'Conflict', detail: 'data.id must be the id in the path', pointer: '/data/id' }]);
    const attributes = checkAttributes(data.attributes, UPDATE_ATTRIBUTES, []);
    const problems = Array.isArray(attributes) ? attributes : [];
    if (data.relationships !== undefined)
      problems.push(invalid('/data/relationships', 'Relationships change through /relationships/{name}'));
    if (problems.length > 0 || Array.isArray(attributes)) return errors(problems);
    interaction.attributes = { ...interaction.attributes, ...attributes };
    touch(interaction);
    return { status: 200, body: { data: interaction, jsonapi: { version: '1.0' } } };
  }

  function relink(id: string, name: string, request: WriteRequest): SimResponse {
    const interaction = interactionsById.get(id);
    if (!interaction) return errors([{ status: 404, title: 'Not found', detail: 'No interaction with that id' }]);
    if (!LINKED_TYPES[name]) return errors([{ status: 404, title: 'Not found', detail: 'No such relationship' }]);
    const read = readDocument(request);
    if (!('data' in read)) return read;
    const linkage = read.data;
    if (typeof linkage.type === 'string' && linkage.type !== LINKED_TYPES[name])
      return errors([{ status: 409, title: 'Conflict', detail: `${name} holds ${LINKED_TYPES[name]}`, pointer: '/data/type' }]);
    const problem = checkLinkage(name, linkage, '/data');
    if (problem) return errors([problem]);
    const relationships = interaction.relationships ?? {};
    relationships[name as keyof typeof relationships] = { data: { type: String(linkage.type), id: String(linkage.id) } };
    interaction.relationships = relationships;
    touch(interaction);
    return options.relationshipUpdateStatus === 204
      ? { status: 204, body: undefined }
      : { status: 200, body: { data: { type: linkage.type, id: linkage.id }, jsonapi: { version: '1.0' } } };
  }

  return { create, update, relink };
}

function touch(interaction: InteractionResource): void {
  const now = timestamp();
  interaction.meta = { ...interaction.meta, updated_at: now, modified_at: now };
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fits(kind: AttributeKind, value: unknown): boolean {
  switch (kind) {
    case 'text':
      return typeof value === 'string' && value.trim() !== '';
    case 'nullableText':
      return value === null || typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'dateTime':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value));
  }
}

function describe(kind: AttributeKind): string {
  return { text: 'a non-empty string', nullableText: 'a string or null', boolean: 'true or false', dateTime: 'an ISO 8601 date-time' }[
    kind
  ];
}

function invalid(pointer: string, detail: string): Problem {
  return { status: 422, title: 'Invalid attribute', detail, pointer };
}

function typeConflict(type: unknown): SimResponse {
  return errors([
    {
      status: 409,
      title: 'Conflict',
      detail: `This endpoint takes ${INTERACTION_TYPE}, not ${String(type)}`,
      pointer: '/data/type',
    },
  ]);
}

/** One JSON:API error document with one status: validation problems (422) first, else the first problem's. */
function errors(all: Problem[]): SimResponse {
  const status = all.some((problem) => problem.status === 422) ? 422 : (all[0]?.status ?? 400);
  const problems = all.filter((problem) => problem.status === status);
  return {
    status,
    body: {
      errors: problems.map((problem) => ({
        status: String(problem.status),
        title: problem.title,
        detail: problem.detail,
        ...(problem.pointer ? { source: { pointer: problem.pointer } } : {}),
      })),
      jsonapi: { version: '1.0' },
    },
  };
}
