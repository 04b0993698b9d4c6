import DataLoader from 'dataloader';
import type { OffsetRange, OffsetSlice } from '../pagination/offset-connection.js';
import type { CtrlHubClient } from '../upstream/ctrlhub/client.js';
import type { InteractionFilters, InteractionResource } from '../upstream/ctrlhub/types.js';
import { type BatchObserver, observed } from './batch-observer.js';
import { chunkIds } from './chunk.js';
import type { CtrlHubResources, RelatedName } from './ctrlhub-resources.js';
import { type CountStrategy, readFirstPages } from './first-pages.js';
import { allOrFirstFailure } from './settle.js';

/** The resources whose interactions Ctrl-Hub can filter by. */
export type InteractionParent = 'contact' | 'account' | 'property' | 'representative';

/** Whose interactions, in Ctrl-Hub ids: the whole organisation narrowed by filters, or one parent's. */
export type CtrlHubScope = { filters: InteractionFilters } | { parent: InteractionParent; id: string };

export interface InteractionListOptions {
  /** Relationships the query will resolve: asked for with `include=` so they cost no request of their own. */
  related: readonly RelatedName[];
  /** Whether the query reads `totalCount`; a parent's count can cost extra requests, so only then. */
  withTotal: boolean;
}

export interface InteractionLists {
  range(scope: CtrlHubScope, range: OffsetRange, options: InteractionListOptions): Promise<OffsetSlice<InteractionResource>>;
  /** Forgets the lists read so far (a write may have changed any of them). */
  forget(): void;
}

export interface InteractionListsOptions {
  signal: AbortSignal;
  maxFilterChars: number;
  onCount?: ((strategy: CountStrategy, requests: number, parents: number) => void) | undefined;
  onBatch?: BatchObserver | undefined;
}

export const FILTER_OF: Record<InteractionParent, keyof InteractionFilters> = {
  contact: 'contactIds',
  account: 'accountIds',
  property: 'propertyIds',
  representative: 'representativeIds',
};

/** What the first pages of one batch share; parents asking for the same shape are read together. */
interface ListShape {
  parent: InteractionParent;
  first: number;
  related: readonly RelatedName[];
  withTotal: boolean;
}

/**
 * Interaction lists over Ctrl-Hub. The first pages of many parents (`Contact.interactions(first: n)`
 * on every contact of a page) are batched per shape by a DataLoader and read by `readFirstPages`;
 * any other range is one list read.
 */
export function createInteractionLists(
  ctrlhub: CtrlHubClient,
  resources: CtrlHubResources,
  options: InteractionListsOptions,
): InteractionLists {
  const call = { signal: options.signal };
  const firstPageLoaders = new Map<string, DataLoader<string, OffsetSlice<InteractionResource>>>();

  function firstPageLoader(shape: ListShape): DataLoader<string, OffsetSlice<InteractionResource>> {
    const name = JSON.stringify(shape);
    let loader = firstPageLoaders.get(name);
    if (!loader) {
      loader = new DataLoader(observed('ctrlhub.interactionLists', options.onBatch, (ids) => readShape(shape, ids)));
      firstPageLoaders.set(name, loader);
    }
    return loader;
  }

  async function readShape({ parent, first, related, withTotal }: ListShape, ids: readonly string[]) {
    const filterKey = FILTER_OF[parent];
    const pages = new Map<string, OffsetSlice<InteractionResource>>();
    // The org page this request read may be where these lists begin, if it brought what they resolve.
    const prefix = resources.unfilteredPrefix();
    const reusable = prefix && related.every((relation) => prefix.include.includes(relation)) ? prefix.interactions : [];
    await allOrFirstFailure(
      chunkIds(ids, Number.MAX_SAFE_INTEGER, options.maxFilterChars).map(async (chunk) => {
        const result = await readFirstPages<InteractionResource>({
          parents: chunk,
          prefix: reusable,
          first,
          pageLimit: ctrlhub.pageLimit,
          withTotal,
          ownerOf: (interaction) => interaction.relationships?.[parent]?.data?.id,
          readCombined: async (parents, offset, count) => {
            const page = await resources.list({ filters: { [filterKey]: parents }, include: related, offset, count });
            return { items: page.interactions, total: page.total };
          },
          countOne: async (id) => (await ctrlhub.listInteractions({ filters: { [filterKey]: [id] }, limit: 1 }, call)).total,
        });
        for (const count of result.counts) options.onCount?.(count.strategy, count.reads, count.parents);
        for (const [id, page] of result.pages) pages.set(id, page);
      }),
    );
    return ids.map((id) => pages.get(id) ?? new Error('interaction list missing from its batch'));
  }

  return {
    forget: () => firstPageLoaders.clear(),
    async range(scope, range, { related, withTotal }) {
      const include = [...new Set(related)].sort();
      if ('parent' in scope && range.offset === 0 && range.count > 0) {
        return firstPageLoader({ parent: scope.parent, first: range.count, related: include, withTotal }).load(scope.id);
      }
      const filters = 'parent' in scope ? { [FILTER_OF[scope.parent]]: [scope.id] } : scope.filters;
      const page = await resources.list({ filters, include, offset: range.offset, count: range.count });
      const end = range.offset + page.interactions.length;
      return {
        items: page.interactions,
        total: page.total,
        hasMore: page.total !== undefined ? end < page.total : page.nextOffset !== null && page.nextOffset !== undefined,
      };
    },
  };
}
