import DataLoader from 'dataloader';
import type { LoaderFactories } from '../../src/loaders/index.js';
import type { CtrlHubResources, RelatedName } from '../../src/loaders/index.js';
import { FILTER_OF } from '../../src/loaders/interaction-lists.js';
import { absentWhenNotFound } from '../../src/loaders/statuses.js';
import type { InteractionFilters, PropertyResource, UserResource } from '../../src/upstream/ctrlhub/types.js';

/**
 * The benchmark's naive baseline: what a plain resolver per field would do. Every Ctrl-Hub record is
 * read on its own, every time, with no batching, no `include=` and no per-request cache; each
 * parent's interaction list is a request of its own. Handed to `createGateway` as its loaders.
 */
export const naiveLoaders: LoaderFactories = {
  ctrlhub(ctrlhub, { signal }): CtrlHubResources {
    const call = { signal };
    const unbatched = { batch: false, cache: false } as const;
    const byId = <T>(read: (id: string) => Promise<T | null>) =>
      new DataLoader<string, T | null>(([id]) => read(id as string).then((value) => [value]), unbatched);
    const throughOwnInteraction = <T>(filterKey: keyof InteractionFilters, include: RelatedName, type: string) =>
      byId<T>((id) =>
        ctrlhub
          .listInteractions({ filters: { [filterKey]: [id] }, include: [include], limit: 1 }, call)
          .then((page) => (page.included.find((resource) => resource.type === type && resource.id === id) as T | undefined) ?? null),
      );
    return {
      interactions: byId((id) =>
        ctrlhub.listInteractions({ filters: { ids: [id] }, limit: 1 }, call).then((page) => page.interactions[0] ?? null),
      ),
      contacts: byId((id) => absentWhenNotFound(ctrlhub.getContact(id, call))),
      accounts: byId((id) => absentWhenNotFound(ctrlhub.getAccount(id, call))),
      properties: throughOwnInteraction<PropertyResource>('propertyIds', 'property', 'properties'),
      users: throughOwnInteraction<UserResource>('representativeIds', 'representative', 'users'),
      held: { contacts: new Map(), accounts: new Map(), properties: new Map(), users: new Map() },
      list: ({ include: _include, ...params }) => ctrlhub.listInteractionRange(params, call),
      // Nothing is kept, so nothing can be stale after a write.
      rewrite: () => undefined,
      // Nothing is reused across reads.
      unfilteredPrefix: () => undefined,
      // Nothing is held.
      release: () => undefined,
    };
  },
  interactionLists(_ctrlhub, resources) {
    return {
      forget: () => undefined,
      async range(scope, range) {
        const filters = 'parent' in scope ? { [FILTER_OF[scope.parent]]: [scope.id] } : scope.filters;
        const page = await resources.list({ filters, offset: range.offset, count: range.count });
        const end = range.offset + page.interactions.length;
        return {
          items: page.interactions,
          total: page.total,
          hasMore: page.total !== undefined ? end < page.total : page.nextOffset !== null && page.nextOffset !== undefined,
        };
      },
    };
  },
};
