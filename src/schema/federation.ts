import type DataLoader from 'dataloader';
import { type GraphQLFieldResolver, type GraphQLSchema, isUnionType } from 'graphql';
import { badUserInput } from '../errors/index.js';
import { builder } from './builder.js';
import type { GraphContext } from './context.js';
import { idTextProblem, localIdOf, type NodeTypeName } from './global-id.js';
import { Account, Contact, Property, Representative } from './refs.js';

/**
 * Apollo Federation v2 entities. Other subgraphs reference a record either by its `id` (global, or
 * the raw Ctrl-Hub id, as every ID argument accepts) or by `ctrlHubId`, the key services outside the
 * graph already store. A router resolves all references of one `_entities` call in parallel, so they
 * meet in the same per-request DataLoader as `nodes(ids:)` and become one batched upstream read.
 */
type Reference = { id: string } | { ctrlHubId: string };

interface EntityRef<Shape> {
  getDataloader(context: GraphContext): DataLoader<string, Shape>;
}

function keyOf(reference: Reference, typename: NodeTypeName): string {
  const [field, value] = 'id' in reference ? ['id', reference.id] : ['ctrlHubId', reference.ctrlHubId];
  if (typeof value !== 'string' || value === '') {
    throw badUserInput(`A ${typename} representation needs a non-empty \`id\` or \`ctrlHubId\``, 'representations');
  }
  if (field === 'id') return localIdOf(value, typename, 'representations');
  // The same rules as any id a client sends: a 20,000-character one went upstream as a request line.
  const problem = idTextProblem(value);
  if (problem) throw badUserInput(`\`ctrlHubId\` ${problem}`, 'representations');
  return value;
}

/** Why a representation names no entity of this graph, or `undefined` when it does. */
function representationProblem(representation: unknown, entities: ReadonlySet<string>): Error | undefined {
  const typename = (representation as { __typename?: unknown } | null)?.__typename;
  if (!representation || typeof representation !== 'object' || Array.isArray(representation) || typeof typename !== 'string') {
    return badUserInput('A representation is an object with a `__typename` and a key field', 'representations');
  }
  if (!entities.has(typename)) {
    return badUserInput(`\`${typename}\` is not an entity of this graph (${[...entities].join(', ')})`, 'representations');
  }
  return undefined;
}

/**
 * `_entities` costed like `nodes(ids:)`, which it is to a router: by its number of representations
 * (the library's field cost a flat list, so 14,000 of them cost less than 100 ids). It has no count
 * limit of its own, as a router sends every reference of one fetch in one call: `CTRLGRAPH_MAX_COST`
 * and the upstream request budget bound it. A representation that names no type of the graph fails
 * its own index (the library threw for it, and the whole answer was `null`).
 */
export function guardEntities(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolve = field?.resolve as GraphQLFieldResolver<unknown, GraphContext, { representations: unknown[] }> | undefined;
  const union = schema.getType('_Entity');
  if (!field || !resolve || !isUnionType(union)) return;
  const entities = new Set(union.getTypes().map((type) => type.name));
  field.extensions = {
    ...field.extensions,
    complexity: (args: { representations?: unknown[] }) => ({ field: 1, multiplier: Math.max(1, args.representations?.length ?? 1) }),
  };
  field.resolve = (source, args: { representations: unknown[] }, context: GraphContext, info) => {
    const { representations } = args;
    const problems = representations.map((representation) => representationProblem(representation, entities));
    const named = representations.filter((_, index) => !problems[index]);
    const resolved =
      named.length > 0 ? (resolve(source, { ...args, representations: named }, context, info) as unknown[] | Promise<unknown[]>) : [];
    return Promise.resolve(resolved).then((values) => {
      let next = 0;
      return representations.map((_, index) => problems[index] ?? values[next++]);
    });
  };
}

function declareEntity<Shape>(ref: Parameters<typeof builder.asEntity>[0] & EntityRef<Shape>, typename: NodeTypeName): void {
  builder.asEntity(ref, {
    key: [builder.selection<{ id: string }>('id'), builder.selection<{ ctrlHubId: string }>('ctrlHubId')],
    // Async, so a bad representation fails its own index of `_entities`, not the whole list.
    resolveReference: async (reference: Reference, context: GraphContext) => ref.getDataloader(context).load(keyOf(reference, typename)),
  });
}

declareEntity(Contact, 'Contact');
declareEntity(Account, 'Account');
declareEntity(Property, 'Property');
declareEntity(Representative, 'Representative');
