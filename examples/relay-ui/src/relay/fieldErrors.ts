import { createContext, useContext } from 'react';
import { ROOT_ID } from 'relay-runtime';
import type { GraphQLError } from './errors';

type Path = readonly (string | number)[];

/**
 * Relay writes a field that failed as null, as it writes a field that is null: the store cannot tell
 * "Alpharun has no interactions" from "Alpharun did not answer". The network layer records here the
 * errors of each response, keyed by the record that holds the failed field (its `id`, or the root), so
 * a component can ask whether the null it reads is an error and show that error where the data would be.
 *
 * The latest response that carries a field decides: it drops that field's earlier errors. Payloads are
 * recorded before Relay publishes them, so a component re-rendered by a payload reads its errors.
 */
export class FieldErrors {
  private readonly byField = new Map<string, GraphQLError[]>();

  /** The errors that nulled `field` (its response key) of the record `id` (`ROOT_ID` for a root field). */
  of(id: string, field: string): readonly GraphQLError[] {
    return this.byField.get(keyOf(id, field)) ?? [];
  }

  /** One payload: `data` is what the response holds at `path` (an increment's, or the root), `errors` have full paths. */
  record(data: unknown, path: Path, errors: readonly GraphQLError[]): void {
    const rootId = path.length === 0 ? ROOT_ID : idOf(data);
    this.forget(data, rootId);
    for (const error of errors) {
      const key = error.path && startsWith(error.path, path) ? this.nulledBy(data, rootId, error.path.slice(path.length)) : undefined;
      if (key) this.byField.set(key, [...(this.byField.get(key) ?? []), error]);
    }
  }

  /** Drops the errors of every field this payload carries: it answers for them now. */
  private forget(value: unknown, id: string | undefined): void {
    if (Array.isArray(value)) {
      for (const item of value) this.forget(item, idOf(item));
    } else if (isObject(value)) {
      for (const [field, child] of Object.entries(value)) {
        if (id) this.byField.delete(keyOf(id, field));
        this.forget(child, idOf(child));
      }
    }
  }

  /**
   * The field an error nulled: the first null along its path (a non-null field's error nulls its nearest
   * nullable parent), as a key, when the record holding it has an id.
   */
  private nulledBy(data: unknown, rootId: string | undefined, path: Path): string | undefined {
    let parent = data;
    let parentId = rootId;
    for (const [index, segment] of path.entries()) {
      const value = isObject(parent) || Array.isArray(parent) ? (parent as Record<string | number, unknown>)[segment] : undefined;
      if (value == null || index === path.length - 1) return parentId && typeof segment === 'string' ? keyOf(parentId, segment) : undefined;
      parent = value;
      parentId = idOf(value);
    }
    return undefined;
  }
}

const keyOf = (id: string, field: string) => `${id}\u0000${field}`;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const idOf = (value: unknown): string | undefined => (isObject(value) && typeof value['id'] === 'string' ? value['id'] : undefined);
const startsWith = (path: Path, prefix: Path) => prefix.every((segment, index) => path[index] === segment);

export const FieldErrorsContext = createContext(new FieldErrors());

/** The errors that nulled `field` of the record `id` in the latest response that carried it (none: it is really null). */
export function useFieldErrors(id: string, field: string): readonly GraphQLError[] {
  return useContext(FieldErrorsContext).of(id, field);
}
