import type { components } from './openapi.gen.js';

type Schemas = components['schemas'];

export type AlpharunInteraction = Schemas['CustomerInteraction'];
export type AlpharunContact = Schemas['Contact'];
export type AlpharunAccountRef = Schemas['AccountRef'];
export type AlpharunDataField = Schemas['DataField'];

/** A contact is addressed by its Alpharun UUID or by the customer's own id (`alt:ext_id:<ext_id>`). */
export type AlpharunContactRef = { id: string } | { extId: string };

export interface ContactInteractionsParams {
  contact: AlpharunContactRef;
  /** 1..100; checked before any request is sent. */
  limit?: number;
  /** A previous page's `next_cursor`; omitted for the first page. */
  cursor?: string | null;
}

export interface ContactInteractionsPage {
  interactions: AlpharunInteraction[];
  nextCursor: string | null;
}

export interface ContactsPage {
  contacts: AlpharunContact[];
  nextCursor: string | null;
}

export const ALPHARUN_MAX_LIMIT = 100;
