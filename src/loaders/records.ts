import type { AlpharunAccountRef, AlpharunContact, AlpharunContactRef } from '../upstream/alpharun/types.js';

/**
 * The records the graph resolves, as the loaders hand them over. Each names the upstream ids it
 * knows; the upstream resources themselves are read through the per-request loaders, which are
 * primed from `included`, so holding ids costs nothing.
 */
export interface ContactRecord {
  ctrlHubId: string | null;
  /** The Alpharun profile when the contact was reached through Alpharun; `undefined` = not looked up yet. */
  alpharun?: AlpharunContact | null;
}

export interface AccountRecord {
  ctrlHubId: string | null;
  alpharun: AlpharunAccountRef | null;
  /** Alpharun contacts known to belong to the account: the only way to list its Alpharun interactions. */
  alpharunContacts: AlpharunContactRef[];
}

/** Relationships of an interaction the graph can resolve, and so ask Ctrl-Hub to include. */
export type RelatedName = 'account' | 'author' | 'contact' | 'property' | 'representative';

/** The resources whose interactions Ctrl-Hub can filter by. */
export type InteractionParent = 'contact' | 'account' | 'property' | 'representative';

const ALPHARUN_ONLY = 'alpharun:';

/**
 * The local part of a Contact or Account global id: the Ctrl-Hub id when there is one (one node per
 * person across both APIs), else the Alpharun id behind a prefix.
 */
export function recordKey(record: { ctrlHubId: string | null; alpharunId?: string | null | undefined }): string {
  if (record.ctrlHubId) return record.ctrlHubId;
  if (record.alpharunId) return `${ALPHARUN_ONLY}${record.alpharunId}`;
  throw new Error('a record needs a Ctrl-Hub or an Alpharun id');
}

export function parseRecordKey(key: string): { ctrlHubId: string } | { alpharunId: string } {
  return key.startsWith(ALPHARUN_ONLY) ? { alpharunId: key.slice(ALPHARUN_ONLY.length) } : { ctrlHubId: key };
}
