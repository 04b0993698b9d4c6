import {
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** An entity as the response cache indexes it: a type, and the node's `id` (the global id) when it has one. */
export interface CacheEntity {
  typename: string;
  id?: string | number;
}

/**
 * The tag of every cached answer that may show a Ctrl-Hub interaction or a list of them, and what
 * every write drops. An id with a colon: the Redis store then invalidates it by key, without scanning
 * the keyspace as it does for a bare type name.
 */
export const INTERACTION_READS: CacheEntity = { typename: 'ctrlgraph', id: 'ctrlhub-interaction-lists' };

/** The types through which an answer shows Ctrl-Hub interactions: the node, its lists and their edges. */
const INTERACTION_TYPES = new Set(['CtrlHubInteraction', 'InteractionConnection', 'InteractionEdge']);

const shows = new WeakMap<DocumentNode, boolean>();

/**
 * Whether an operation's answer may show Ctrl-Hub interactions: a field of it returns one of their types,
 * or an interface or union one of them may be (`node`, `nodes`, `Interaction`). Judged from the document,
 * not from the answer: a list's length, order and `totalCount` change with a write, and a list holds no
 * id for the cache to find (an org-wide `totalCount` beside a Contact was stored untagged and kept its
 * count after a write). Answers of contact details or Alpharun data only stay cached across writes.
 */
export function showsCtrlHubInteractions(schema: GraphQLSchema, document: DocumentNode): boolean {
  const known = shows.get(document);
  if (known !== undefined) return known;
  const interactionType = schema.getType('CtrlHubInteraction');
  const mayBeInteraction = (type: GraphQLNamedType | undefined) =>
    type !== undefined &&
    (INTERACTION_TYPES.has(type.name) ||
      (isAbstractType(type) &&
        interactionType !== undefined &&
        schema.getPossibleTypes(type).some((possible) => possible === interactionType)));
  let found = false;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.FIELD]() {
        const type = typeInfo.getType();
        if (type && mayBeInteraction(getNamedType(type))) found = true;
      },
    }),
  );
  shows.set(document, found);
  return found;
}
