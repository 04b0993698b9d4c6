import { allOrFirstFailure } from './settle.js';
/**
 * List batching, as an algorithm apart from its plumbing: the first `first` items of many parents'
 * lists, read through one combined list (Ctrl-Hub's `contact_in(a,b,…)`) that holds every parent's
 * items in each one's own order. Nothing here knows DataLoader or HTTP; the reads are handed in.
 */

/** Part of the combined list of some parents: items from an offset on, and the list's length when known. */
export interface CombinedPage<Item> {
  items: readonly Item[];
  total?: number | undefined;
}

export interface FirstPagesRequest<Item> {
  parents: readonly string[];
  /**
   * The first items of the unfiltered list that every combined list narrows, when already read: each
   * parent's items among them begin its list, so the reads start after them. Empty when unknown.
   */
  prefix?: readonly Item[];
  first: number;
  /** The upstream's page size: reads for several parents are whole pages, since a short page costs a request all the same. */
  pageLimit: number;
  /** Whether each parent's list length is wanted; it can cost extra reads, so only when asked. */
  withTotal: boolean;
  ownerOf(item: Item): string | undefined;
  /** `count` items of the combined list of `parents`, from `offset`. */
  readCombined(parents: readonly string[], offset: number, count: number): Promise<CombinedPage<Item>>;
  /** The length of one parent's list, read on its own. */
  countOne(parent: string): Promise<number | undefined>;
}

export interface FirstPage<Item> {
  items: Item[];
  /** The parent's list length, when it ended within the reads or `withTotal` asked for it. */
  total: number | undefined;
  hasMore: boolean;
}

/** How the lengths of lists that did not end were found: one read per parent, or the rest of their combined list. */
export type CountStrategy = 'per-parent' | 'combined';

export interface FirstPagesResult<Item> {
  pages: Map<string, FirstPage<Item>>;
  /** One entry per group of parents counted together, with the reads it took. */
  counts: { strategy: CountStrategy; reads: number; parents: number }[];
}

/**
 * Reads in rounds, each over the parents still short of `first + 1` items (the extra one makes
 * `hasMore` exact). A round's offset is what its parents already hold, since a narrower filter keeps
 * the wider list's order. Parents that leave the rounds together form a cohort: their items are a
 * prefix of the same combined list, so they can be counted together.
 */
export async function readFirstPages<Item>(request: FirstPagesRequest<Item>): Promise<FirstPagesResult<Item>> {
  const { first, pageLimit } = request;
  const need = first + 1;
  const held = new Map(request.parents.map((parent) => [parent, [] as Item[]]));
  const totals = new Map<string, number>();
  const heldBy = (parent: string) => held.get(parent) ?? [];
  const heldByAll = (parents: readonly string[]) => parents.reduce((sum, parent) => sum + heldBy(parent).length, 0);
  const keep = (items: readonly Item[]) => {
    for (const item of items) {
      const owner = request.ownerOf(item);
      if (owner !== undefined) held.get(owner)?.push(item);
    }
  };

  keep(request.prefix ?? []);
  // Parents the prefix already serves leave before the first read, as a cohort of their own.
  const cohorts: string[][] = [request.parents.filter((parent) => heldBy(parent).length >= need)];
  let active: readonly string[] = request.parents.filter((parent) => heldBy(parent).length < need);
  while (active.length > 0) {
    const wanted = active.reduce((sum, parent) => sum + Math.max(0, need - heldBy(parent).length), 0);
    // Several parents share whole pages: their items interleave, so a read of exactly what they lack
    // would leave some short and cost another round. One parent's combined list is its own, so
    // exactly what it lacks is enough, and a fuller page would only be parsed and dropped.
    const count = active.length === 1 ? wanted : Math.ceil(wanted / pageLimit) * pageLimit;
    const offset = heldByAll(active);
    const page = await request.readCombined(active, offset, count);
    keep(page.items);
    const ended = page.total !== undefined ? offset + page.items.length >= page.total : page.items.length < count;
    if (ended) {
      for (const parent of active) totals.set(parent, heldBy(parent).length);
      break;
    }
    cohorts.push(active.filter((parent) => heldBy(parent).length >= need));
    active = active.filter((parent) => heldBy(parent).length < need);
  }

  const counts: FirstPagesResult<Item>['counts'] = [];
  if (request.withTotal) {
    // Cohorts read different combined lists, so they are counted side by side.
    await allOrFirstFailure(
      cohorts
        .filter((cohort) => cohort.length > 0)
        .map(async (cohort) => {
          counts.push({ ...(await countCohort(cohort)), parents: cohort.length });
        }),
    );
  }

  /**
   * One small read per parent, or the rest of their combined list, whichever takes fewer reads. One
   * combined read tells how long that list is, so it comes first when more than two parents are uncounted.
   */
  async function countCohort(cohort: string[]): Promise<{ strategy: CountStrategy; reads: number }> {
    let reads = 0;
    if (cohort.length > 2) {
      const offset = heldByAll(cohort);
      const page = await request.readCombined(cohort, offset, pageLimit);
      reads += 1;
      keep(page.items);
      const remaining = page.total === undefined ? Infinity : page.total - offset - page.items.length;
      const combinedReads = Math.ceil(Math.max(0, remaining) / pageLimit);
      if (combinedReads < cohort.length) {
        if (remaining > 0) {
          keep((await request.readCombined(cohort, offset + page.items.length, remaining)).items);
          reads += combinedReads;
        }
        for (const parent of cohort) totals.set(parent, heldBy(parent).length);
        return { strategy: 'combined', reads };
      }
    }
    await allOrFirstFailure(
      cohort.map(async (parent) => {
        const total = await request.countOne(parent);
        if (total !== undefined) totals.set(parent, total);
      }),
    );
    return { strategy: 'per-parent', reads: reads + cohort.length };
  }

  const pages = new Map(
    request.parents.map((parent): [string, FirstPage<Item>] => {
      const items = heldBy(parent);
      return [parent, { items: items.slice(0, first), total: totals.get(parent), hasMore: items.length > first }];
    }),
  );
  return { pages, counts };
}
