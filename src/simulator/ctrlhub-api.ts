import type { IncludedResource, InteractionResource } from '../upstream/ctrlhub/types.js';
import { createCtrlHubWrites, type CtrlHubWritesOptions } from './ctrlhub-writes.js';
import type { Dataset } from './dataset.js';
import { FilterSyntaxError, parseFilterExpression, type FilterNode } from './filter-expression.js';
import type { SimRequest, SimResponse } from './http-types.js';
import type { ContractLatitude } from './latitude.js';

const INCLUDE_OPTIONS = ['account', 'author', 'contact', 'organisation', 'property', 'representative'] as const;
const DEFAULT_LIMIT = 20;

/** Which relationship a named filter tests (`id_in` tests the interaction's own id). */
const FILTER_RELATIONSHIPS: Record<string, keyof NonNullable<InteractionResource['relationships']> | 'id'> = {
  id_in: 'id',
  account_in: 'account',
  contact_in: 'contact',
  property_in: 'property',
  representative_in: 'representative',
};

/** The Ctrl-Hub customer-interaction endpoints of `upstreams/ctrlhub.md`, over the seeded dataset. */
export function createCtrlHubApi(
  data: Dataset,
  sessionToken: string,
  writeOptions: CtrlHubWritesOptions = { relationshipUpdateStatus: 200 },
  latitude: ContractLatitude = {},
) {
  const omitted = new Set(latitude.omitIncluded ?? []);
  const interactionsById = new Map(data.ctrlhub.interactions.map((interaction) => [interaction.id, interaction]));
  const writes = createCtrlHubWrites(data, interactionsById, writeOptions);

  function resolveIncluded(type: string, id: string): IncludedResource | undefined {
    const { ctrlhub } = data;
    switch (type) {
      case 'customer-accounts':
        return ctrlhub.accounts.get(id);
      case 'contacts':
        return ctrlhub.contacts.get(id);
      case 'properties':
        return ctrlhub.properties.get(id);
      case 'users':
        return ctrlhub.users.get(id);
      case 'authors': {
        const user = ctrlhub.users.get(id);
        return user && { ...user, type: 'authors' };
      }
      case 'organisations':
        return id === ctrlhub.organisation.id ? ctrlhub.organisation : undefined;
      default:
        return undefined;
    }
  }

  function included(interactions: InteractionResource[], include: string[]): IncludedResource[] {
    const seen = new Map<string, IncludedResource>();
    for (const interaction of interactions) {
      for (const name of include) {
        const identifier = interaction.relationships?.[name as keyof NonNullable<InteractionResource['relationships']>]?.data;
        if (!identifier) continue;
        const key = `${identifier.type}:${identifier.id}`;
        const resource = seen.has(key) || omitted.has(identifier.type) ? undefined : resolveIncluded(identifier.type, identifier.id);
        if (resource) seen.set(key, resource);
      }
    }
    if (!latitude.bareAuthorsFirst) return [...seen.values()];
    const authors = [...seen.values()].filter((resource) => resource.type === 'authors').map(({ id, type }) => ({ id, type }));
    return [...authors, ...[...seen.values()].filter((resource) => resource.type !== 'authors')] as IncludedResource[];
  }

  function matches(node: FilterNode, interaction: InteractionResource): boolean {
    if (node.kind === 'and') return node.operands.every((operand) => matches(operand, interaction));
    const relationship = FILTER_RELATIONSHIPS[node.name];
    const value = relationship === 'id' ? interaction.id : relationship ? interaction.relationships?.[relationship]?.data?.id : undefined;
    return value !== undefined && node.values.includes(value);
  }

  function validateFilterNames(node: FilterNode): string | undefined {
    if (node.kind === 'and') return node.operands.map(validateFilterNames).find(Boolean);
    return node.name in FILTER_RELATIONSHIPS ? undefined : `unknown filter ${node.name}`;
  }

  function listInteractions(query: URLSearchParams): SimResponse {
    const include = (query.get('include') ?? '').split(',').filter(Boolean);
    const unknownInclude = include.find((name) => !(INCLUDE_OPTIONS as readonly string[]).includes(name));
    if (unknownInclude) return validationError('include', `${unknownInclude} is not an include option`);

    let list = data.ctrlhub.interactions;
    const filter = query.get('filter');
    if (filter !== null) {
      let node: FilterNode;
      try {
        node = parseFilterExpression(filter);
      } catch (error) {
        if (error instanceof FilterSyntaxError) return validationError('filter', error.message);
        throw error;
      }
      const problem = validateFilterNames(node);
      if (problem) return validationError('filter', problem);
      list = list.filter((interaction) => matches(node, interaction));
    }

    const limit = integerParameter(query, 'limit', DEFAULT_LIMIT, 1);
    if (typeof limit === 'string') return validationError('limit', limit);
    const offset = integerParameter(query, 'offset', 0, 0);
    if (typeof offset === 'string') return validationError('offset', offset);

    const page = list.slice(offset, offset + limit);
    const total = list.length;
    return {
      status: 200,
      body: {
        data: page,
        included: included(page, include),
        meta: {
          pagination: {
            counts: { pages: Math.ceil(total / limit), resources: total },
            current_page: Math.floor(offset / limit) + 1,
            offsets: { next: offset + limit < total ? offset + limit : null, previous: offset > 0 ? Math.max(0, offset - limit) : null },
            requested: { limit, offset },
          },
          features: { include: { options: [...INCLUDE_OPTIONS] } },
        },
        jsonapi: { version: '1.0' },
      },
    };
  }

  return function handle(request: SimRequest): SimResponse {
    if (request.headers['x-session-token'] !== sessionToken)
      return jsonApiError(401, 'Unauthorised', 'A valid X-Session-Token header is required');
    const match = /^\/v3\/orgs\/([^/]+)\/customers\/(interactions|contacts|accounts)(?:\/([^/]+)(?:\/relationships\/([^/]+))?)?$/.exec(
      request.path,
    );
    if (!match) return jsonApiError(404, 'Not found', 'No such endpoint');
    const [, orgId, collection = '', id, relationship] = match;
    if (orgId !== data.orgId) return jsonApiError(404, 'Not found', 'Unknown organisation');
    if (request.method !== 'GET') {
      const write = { method: request.method, contentType: request.headers['content-type'], body: request.body ?? '' };
      const allowed = collection !== 'interactions' ? '' : id === undefined ? 'POST' : relationship === undefined ? 'PUT' : 'PATCH';
      if (request.method !== allowed) return jsonApiError(405, 'Method not allowed', 'This endpoint does not take that method');
      if (id === undefined) return writes.create(write);
      return relationship === undefined ? writes.update(id, write) : writes.relink(id, relationship, write);
    }
    if (relationship !== undefined) return jsonApiError(404, 'Not found', 'No such endpoint');
    if (id === undefined) {
      return collection === 'interactions' ? listInteractions(request.query) : jsonApiError(404, 'Not found', 'No such endpoint');
    }
    const resource =
      collection === 'interactions'
        ? interactionsById.get(id)
        : collection === 'contacts'
          ? data.ctrlhub.contacts.get(id)
          : data.ctrlhub.accounts.get(id);
    if (!resource) return jsonApiError(404, 'Not found', `No ${collection.replace(/s$/, '')} with that id`);
    return { status: 200, body: { data: resource, jsonapi: { version: '1.0' } } };
  };
}

function integerParameter(query: URLSearchParams, name: string, fallback: number, minimum: number): number | string {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < minimum) return `${name} must be an integer of at least ${minimum}`;
  return Number(raw);
}

function validationError(parameter: string, detail: string): SimResponse {
  return {
    status: 400,
    body: {
      errors: [{ status: '400', title: 'A validation error was encountered', detail, source: { parameter } }],
      jsonapi: { version: '1.0' },
    },
  };
}

function jsonApiError(status: number, title: string, detail: string): SimResponse {
  return { status, body: { errors: [{ status: String(status), title, detail }], jsonapi: { version: '1.0' } } };
}
