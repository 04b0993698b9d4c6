import type { InteractionWrite } from '../loaders/index.js';
import type { InteractionParent } from '../loaders/index.js';
import { encodeGlobalId, type NodeTypeName } from '../schema/global-id.js';

/** An entity as the response cache indexes it: a type, and the node's `id` (the global id) when it has one. */
export interface CacheEntity {
  typename: string;
  id?: string | number;
}

/**
 * A tag on every cached answer that may show Ctrl-Hub interactions in a way entity ids cannot track:
 * lists (their length, order and `totalCount` change with a write, even when no edge is selected) and
 * answers that hold no entity at all. An id with a colon: the Redis store then invalidates it by key,
 * without scanning the keyspace as it does for a bare type name.
 */
export const INTERACTION_READS: CacheEntity = { typename: 'ctrlgraph', id: 'ctrlhub-interaction-lists' };

/** Types whose presence in an answer means it read Ctrl-Hub interactions or their lists. */
const INTERACTION_TYPES = new Set(['CtrlHubInteraction', 'InteractionEdge', 'InteractionConnection']);

const PARENT_TYPES: Record<InteractionParent, NodeTypeName> = {
  contact: 'Contact',
  account: 'Account',
  property: 'Property',
  representative: 'Representative',
};

/** The entities an answer is stored under: what the cache collected, plus the tag when it reads interactions. */
export function withInteractionTag(collected: Iterable<CacheEntity>): CacheEntity[] {
  const entities = [...collected];
  const reads = entities.length === 0 || entities.some((entity) => INTERACTION_TYPES.has(entity.typename));
  return reads ? [...entities, INTERACTION_READS] : entities;
}

/**
 * What a write makes stale: every answer tagged as reading interactions, the interaction itself, and
 * the records whose `interactions` lists it was or now is in (an answer may select only their `totalCount`).
 */
export function entitiesChangedBy(write: InteractionWrite): CacheEntity[] {
  return [
    INTERACTION_READS,
    ...(write.interactionId === undefined
      ? []
      : [{ typename: 'CtrlHubInteraction', id: encodeGlobalId('CtrlHubInteraction', write.interactionId) }]),
    ...write.parents.map(({ parent, id }) => ({ typename: PARENT_TYPES[parent], id: encodeGlobalId(PARENT_TYPES[parent], id) })),
  ];
}
