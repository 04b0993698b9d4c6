import type { AlpharunContact, AlpharunContactRef, AlpharunInteraction } from '../upstream/alpharun/types.js';

/*
 * One Contact and one Account across both APIs. Alpharun's `ext_id` holds the Ctrl-Hub id, so a
 * node is keyed by its Ctrl-Hub id whenever it has one; a node only Alpharun knows is keyed by its
 * Alpharun id behind a prefix. Every rule about that identity lives in this module.
 */

/** What the graph's Contact resolves from: the Ctrl-Hub id when there is one, Alpharun's profile once known. */
export interface ContactNode {
  ctrlHubId: string | null;
  /** The Alpharun profile when the contact was reached through Alpharun; `undefined` = not looked up yet. */
  alpharun?: AlpharunContact | null;
}

/** What the graph's Account resolves from. */
export interface AccountNode {
  ctrlHubId: string | null;
  alpharunId: string | null;
  /** Alpharun contacts of the account: Alpharun lists an account's interactions only through one of them. */
  alpharunContacts: AlpharunContactRef[];
}

const ALPHARUN_ONLY = 'alpharun:';

export function contactFromCtrlHub(ctrlHubId: string): ContactNode {
  return { ctrlHubId };
}

export function accountFromCtrlHub(ctrlHubId: string): AccountNode {
  return { ctrlHubId, alpharunId: null, alpharunContacts: [] };
}

/** A person as Alpharun shows them: the same node as the Ctrl-Hub contact their `ext_id` names. */
export function contactFromAlpharun(profile: AlpharunContact): ContactNode {
  return { ctrlHubId: profile.ext_id ?? null, alpharun: profile };
}

/** The account of an Alpharun interaction; its participants are the way to list the account's interactions. */
export function accountOfAlpharunInteraction(interaction: AlpharunInteraction): AccountNode | null {
  if (!interaction.account) return null;
  return {
    ctrlHubId: interaction.account.ext_id ?? null,
    alpharunId: interaction.account.id,
    alpharunContacts: (interaction.contacts ?? []).map((contact) => ({ id: contact.id })),
  };
}

/** Where Alpharun finds the contact: its Ctrl-Hub id as `ext_id`, else its Alpharun id. */
export function alpharunAddressOf(contact: ContactNode): AlpharunContactRef | null {
  if (contact.ctrlHubId) return { extId: contact.ctrlHubId };
  return contact.alpharun ? { id: contact.alpharun.id } : null;
}

/** The local part of a Contact's global id. */
export function contactKey(contact: ContactNode): string {
  if (contact.ctrlHubId) return contact.ctrlHubId;
  if (contact.alpharun) return `${ALPHARUN_ONLY}${contact.alpharun.id}`;
  throw new Error('a contact needs a Ctrl-Hub or an Alpharun id');
}

/**
 * The local part of an Account's global id. An account only Alpharun knows also carries the contact
 * Alpharun lists its interactions through (the one with the least id, so the choice does not depend
 * on the order Alpharun gives): without it, a refetch by id could not reach those interactions.
 */
export function accountKey(account: AccountNode): string {
  if (account.ctrlHubId) return account.ctrlHubId;
  if (!account.alpharunId) throw new Error('an account needs a Ctrl-Hub or an Alpharun id');
  const via = account.alpharunContacts
    .flatMap((contact) => ('id' in contact ? [contact.id] : []))
    .sort()
    .at(0);
  return `${ALPHARUN_ONLY}${via === undefined ? account.alpharunId : JSON.stringify([account.alpharunId, via])}`;
}

export type ParsedKey = { ctrlHubId: string } | { alpharunId: string };

export function parseContactKey(key: string): ParsedKey {
  return key.startsWith(ALPHARUN_ONLY) ? { alpharunId: key.slice(ALPHARUN_ONLY.length) } : { ctrlHubId: key };
}

/** An Account node from its key alone: the Alpharun contact in the key is kept, so its interactions stay reachable. */
export function parseAccountKey(key: string): { ctrlHubId: string } | { node: AccountNode } {
  if (!key.startsWith(ALPHARUN_ONLY)) return { ctrlHubId: key };
  const rest = key.slice(ALPHARUN_ONLY.length);
  const pair = rest.startsWith('[') ? jsonPair(rest) : undefined;
  const [alpharunId, via] = pair ?? [rest, undefined];
  return { node: { ctrlHubId: null, alpharunId, alpharunContacts: via === undefined ? [] : [{ id: via }] } };
}

function jsonPair(text: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')
      ? (value as [string, string])
      : undefined;
  } catch {
    return undefined;
  }
}

/** The Ctrl-Hub ids among Contact or Account keys: a node only Alpharun knows has no Ctrl-Hub interactions. */
export function ctrlHubIdsOf(keys: readonly string[] | undefined): string[] | undefined {
  return keys?.filter((key) => !key.startsWith(ALPHARUN_ONLY));
}
