import DataLoader from 'dataloader';
import { observed, type BatchObserver } from './batch-observer.js';
import type { OffsetRange, OffsetSlice } from '../pagination/offset-connection.js';
import type { CtrlHubClient } from '../upstream/ctrlhub/client.js';
import type { InteractionFilters, InteractionResource, InteractionsPage } from '../upstream/ctrlhub/types.js';
import { chunkIds } from './chunk.js';
import type { CtrlHubRecords } from './ctrlhub-records.js';
import type { InteractionParent, RelatedName } from './records.js';

/** Whose interactions: the whole organisation narrowed by filters, or one parent record's. */
export type InteractionScope = { filters: InteractionFilters } | { parent: InteractionParent; id: string };

export interface InteractionListOptions {
  /** Relationships the query will resolve: asked for with `include=` so they cost no request of their own. */
  related: readonly RelatedName[];
  /** Whether the query reads `totalCount`; a parent's count can cost extra requests, so only then. */
  withTotal: boolean;
}

export interface InteractionLists {
  range(scope: InteractionScope, range: OffsetRange, options: InteractionListOptions): Promise<OffsetSlice<InteractionResource>>;
  /** Forgets the lists read so far (a write may have changed any of them). */
  forget(): void;
}

/** How the counts of parents whose lists did not end were found; for logs and the benchmark. */
export type CountStrategy = 'per-parent' | 'combined';

export interface InteractionListsOptions {
  signal: AbortSignal;
  /** `false`: each parent's list read on its own (the benchmark's naive baseline). */
  batching: boolean;
  maxFilterChars: number;
  onCount?: (strategy: CountStrategy, requests: number, parents: number) => void;
  onBatch?: BatchObserver;
}

const FILTER_OF: Record<InteractionParent, keyof InteractionFilters> = {
  contact: 'contactIds',
  account: 'accountIds',
  property: 'propertyIds',
  representative: 'representativeIds',
};

interface ParentKey {
  parent: InteractionParent;
  id: string;
  count: number;
  related: string;
  withTotal: boolean;
}

export function createInteractionLists(
  ctrlhub: CtrlHubClient,
  records: CtrlHubRecords,
  options: InteractionListsOptions,
): InteractionLists {
  const call = { signal: options.signal };

  const fetchRange = (filters: InteractionFilters, { offset, count }: OffsetRange, related: readonly RelatedName[]) =>
    records.list({ filters, include: related, offset, count });

  /**
   * The first `count` interactions of many parents at once. One combined list (`contact_in(a,b,…)`)
   * holds every parent's interactions in each one's own order; it is read in rounds, each over the
   * parents still short of `count + 1` items (the extra one makes `hasNextPage` exact). A round's
   * offset is what those parents already have, since a narrower filter keeps the wider list's order.
   */
  async function firstPagesOf(
    parent: InteractionParent,
    ids: string[],
    count: number,
    related: readonly RelatedName[],
    withTotal: boolean,
  ) {
    const filterKey = FILTER_OF[parent];
    const need = count + 1;
    const collected = new Map(ids.map((id) => [id, [] as InteractionResource[]]));
    const ended = new Set<string>();
    const itemsOf = (id: string) => collected.get(id) ?? [];
    const take = (page: InteractionsPage) => {
      for (const interaction of page.interactions) {
        const owner = interaction.relationships?.[parent]?.data?.id;
        if (owner !== undefined) collected.get(owner)?.push(interaction);
      }
    };
    /** Reads `wanted` more items of the combined list of `active`; true when that list has ended. */
    const readOn = async (active: string[], wanted: number): Promise<boolean> => {
      const offset = active.reduce((sum, id) => sum + itemsOf(id).length, 0);
      const page = await fetchRange({ [filterKey]: active }, { offset, count: wanted }, related);
      take(page);
      const reachedEnd = page.total !== undefined ? offset + page.interactions.length >= page.total : page.interactions.length < wanted;
      if (reachedEnd) for (const id of active) ended.add(id);
      return reachedEnd;
    };

    // A parent's items are a prefix of every combined list it was read through, so parents that
    // left the rounds together can be continued together; `cohorts` remembers who left when.
    const cohorts: string[][] = [];
    let active = ids;
    while (active.length > 0) {
      const wanted = active.reduce((sum, id) => sum + Math.max(0, need - itemsOf(id).length), 0);
      // Whole upstream pages: a short page costs a request all the same, and the surplus fills stragglers.
      if (await readOn(active, Math.ceil(wanted / ctrlhub.pageLimit) * ctrlhub.pageLimit)) break;
      const stillShort = active.filter((id) => itemsOf(id).length < need);
      cohorts.push(active.filter((id) => itemsOf(id).length >= need));
      active = stillShort;
    }

    const totals = new Map<string, number>();
    for (const id of ended) totals.set(id, itemsOf(id).length);
    if (withTotal) {
      // Cohorts read different combined lists, so they are counted side by side.
      await Promise.all(
        cohorts
          .filter((members) => members.length > 0)
          .map(async (cohort) => {
            const { strategy, requests } = await countCohort(cohort);
            options.onCount?.(strategy, requests, cohort.length);
          }),
      );
    }

    /**
     * Counts for parents whose lists go on: one small request each, or the rest of their combined
     * list, whichever takes fewer requests. One combined read tells how long that list is, so it
     * comes first when more than two parents are uncounted.
     */
    async function countCohort(cohort: string[]): Promise<{ strategy: CountStrategy; requests: number }> {
      let requests = 0;
      if (cohort.length > 2) {
        const offset = cohort.reduce((sum, id) => sum + itemsOf(id).length, 0);
        const page = await fetchRange({ [filterKey]: cohort }, { offset, count: ctrlhub.pageLimit }, related);
        requests += 1;
        take(page);
        const remaining = page.total === undefined ? Infinity : page.total - offset - page.interactions.length;
        const combinedPages = Math.ceil(Math.max(0, remaining) / ctrlhub.pageLimit);
        if (combinedPages < cohort.length) {
          if (remaining > 0) {
            take(await fetchRange({ [filterKey]: cohort }, { offset: offset + page.interactions.length, count: remaining }, related));
            requests += combinedPages;
          }
          for (const id of cohort) totals.set(id, itemsOf(id).length);
          return { strategy: 'combined', requests };
        }
      }
      await Promise.all(
        cohort.map(async (id) => {
          const page = await ctrlhub.listInteractions({ filters: { [filterKey]: [id] }, limit: 1 }, call);
          if (page.total !== undefined) totals.set(id, page.total);
        }),
      );
      return { strategy: 'per-parent', requests: requests + cohort.length };
    }

    return new Map(
      ids.map((id) => {
        const items = itemsOf(id);
        const slice: OffsetSlice<InteractionResource> = {
          items: items.slice(0, count),
          total: totals.get(id),
          hasMore: items.length > count,
        };
        return [id, slice];
      }),
    );
  }

  const firstPages = new DataLoader<ParentKey, OffsetSlice<InteractionResource>, string>(
    observed('ctrlhub.interactionLists', options.onBatch, async (keys) => {
      const groups = new Map<string, ParentKey[]>();
      for (const key of keys) {
        const group = `${key.parent}|${key.count}|${key.related}|${key.withTotal}`;
        groups.set(group, [...(groups.get(group) ?? []), key]);
      }
      const results = new Map<ParentKey, OffsetSlice<InteractionResource>>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const { parent, count, related, withTotal } = group[0] as ParentKey;
          const ids = [...new Set(group.map((key) => key.id))];
          const relatedNames = related ? (related.split(',') as RelatedName[]) : [];
          const slices = await Promise.all(
            chunkIds(ids, Number.MAX_SAFE_INTEGER, options.maxFilterChars).map((chunk) =>
              firstPagesOf(parent, chunk, count, relatedNames, withTotal),
            ),
          );
          for (const key of group) {
            const slice = slices.find((map) => map.has(key.id))?.get(key.id);
            if (slice) results.set(key, slice);
          }
        }),
      );
      return keys.map((key) => results.get(key) ?? new Error('interaction list missing from its batch'));
    }),
    { cacheKeyFn: (key) => `${key.parent}|${key.id}|${key.count}|${key.related}|${key.withTotal}` },
  );

  return {
    forget: () => void firstPages.clearAll(),
    async range(scope, range, { related, withTotal }) {
      const relatedKey = [...new Set(related)].sort().join(',');
      if (options.batching && 'parent' in scope && range.offset === 0 && range.count > 0) {
        return firstPages.load({ parent: scope.parent, id: scope.id, count: range.count, related: relatedKey, withTotal });
      }
      const filters = 'parent' in scope ? { [FILTER_OF[scope.parent]]: [scope.id] } : scope.filters;
      const page = await fetchRange(filters, range, related);
      const end = range.offset + page.interactions.length;
      return {
        items: page.interactions,
        total: page.total,
        hasMore: page.total !== undefined ? end < page.total : page.nextOffset !== null && page.nextOffset !== undefined,
      };
    },
  };
}
