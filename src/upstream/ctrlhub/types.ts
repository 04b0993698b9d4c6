import type { components } from './openapi.gen.js';

type Schemas = components['schemas'];

export type InteractionResource = Schemas['InteractionResource'];
export type ContactResource = Schemas['ContactResource'];
export type AccountResource = Schemas['AccountResource'];
export type PropertyResource = Schemas['PropertyResource'];
export type PropertyAttributes = Schemas['PropertyAttributes'];
export type UserResource = Schemas['UserResource'];
export type IncludedResource = Schemas['IncludedResource'];
export type ResourceIdentifier = Schemas['ResourceIdentifier'];
export type InteractionListDocument = Schemas['InteractionListDocument'];

/** Relationships of an interaction that `include=` can ask for. */
export type IncludeName = 'account' | 'author' | 'contact' | 'organisation' | 'property' | 'representative';

/** The named filters of the list endpoint; several combine with `and(…)`. */
export interface InteractionFilters {
  ids?: readonly string[];
  accountIds?: readonly string[];
  contactIds?: readonly string[];
  propertyIds?: readonly string[];
  representativeIds?: readonly string[];
}

export interface ListInteractionsParams {
  filters?: InteractionFilters;
  include?: readonly IncludeName[];
  limit?: number;
  offset?: number;
}

/** One upstream page, with the JSON:API `included` documents and what the pagination meta says. */
export interface InteractionsPage {
  interactions: InteractionResource[];
  included: IncludedResource[];
  /** `meta.pagination.counts.resources`: size of the whole filtered list, when the upstream says. */
  total: number | undefined;
  /** `meta.pagination.offsets.next`; `null` on the last page. */
  nextOffset: number | null | undefined;
}
