import type { AccountRecord, ContactRecord } from '../loaders/index.js';
import type { PropertyResource, UserResource } from '../upstream/ctrlhub/types.js';
import type { GraphContext } from './context.js';

/*
 * What a field returning a loadable node hands over: the record itself when this request already
 * holds it (primed from `include=`), which graphql-js resolves without a Promise, else its id,
 * which the node's loader batches with its siblings'.
 */

type Id = string | null | undefined;

export function ctrlhubContact(ctrlHubId: string): ContactRecord {
  return { ctrlHubId };
}

export function ctrlhubAccount(ctrlHubId: string): AccountRecord {
  return { ctrlHubId, alpharun: null, alpharunContacts: [] };
}

export function relatedContact({ loaders }: GraphContext, id: Id): ContactRecord | string | null {
  if (!id) return null;
  return loaders.ctrlhub.held.contacts.has(id) ? ctrlhubContact(id) : id;
}

export function relatedAccount({ loaders }: GraphContext, id: Id): AccountRecord | string | null {
  if (!id) return null;
  return loaders.ctrlhub.held.accounts.has(id) ? ctrlhubAccount(id) : id;
}

export function relatedProperty({ loaders }: GraphContext, id: Id): PropertyResource | string | null {
  return id ? (loaders.ctrlhub.held.properties.get(id) ?? id) : null;
}

export function relatedRepresentative({ loaders }: GraphContext, id: Id): UserResource | string | null {
  return id ? (loaders.ctrlhub.held.users.get(id) ?? id) : null;
}
