import type { InteractionFilters } from './types.js';

/**
 * The `filter=` expression syntax of Ctrl-Hub's newest SDK, in one place:
 * `name('a','b')`, several combined as `and(f1,f2)`.
 */
const FILTER_NAMES: Record<keyof InteractionFilters, string> = {
  ids: 'id_in',
  accountIds: 'account_in',
  contactIds: 'contact_in',
  propertyIds: 'property_in',
  representativeIds: 'representative_in',
};

/** A single-quoted argument; backslash and quote are escaped so any id stays one argument. */
export function quoteArgument(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function filterCall(name: string, values: readonly string[]): string {
  return `${name}(${values.map(quoteArgument).join(',')})`;
}

/** The expression for `filters`, or `undefined` when nothing filters. Empty lists are the caller's to short-circuit. */
export function buildFilterExpression(filters: InteractionFilters | undefined): string | undefined {
  if (!filters) return undefined;
  const calls = (Object.keys(FILTER_NAMES) as (keyof InteractionFilters)[])
    .filter((key) => filters[key] !== undefined)
    .map((key) => filterCall(FILTER_NAMES[key], filters[key] ?? []));
  if (calls.length === 0) return undefined;
  return calls.length === 1 ? calls[0] : `and(${calls.join(',')})`;
}

/** True when some filter is an empty list: such a filter matches nothing, so no request is needed. */
export function matchesNothing(filters: InteractionFilters | undefined): boolean {
  return !!filters && Object.values(filters).some((values) => values !== undefined && values.length === 0);
}
