import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { ROOT_ID } from 'relay-runtime';
import type { GraphQLError } from './errors';

type Path = readonly (string | number)[];

/**
 * Relay writes a field that failed as null, as it writes a field that is null: the store cannot tell
 * "Alpharun has no interactions" from "Alpharun did not answer". The network layer records here the
 * errors of each response, keyed by the record that holds the failed field (its `id`, or the root), so
 * a component can ask whether the null it reads is an error and show that error where the data would be.
 *
 * The latest response that carries a field decides: it drops that field's earlier errors. A root field
 * is also kept by the variables of its request, since its arguments make it another field: `node` of
 * one contact does not answer for `node` of another, and a screen shown again from the store asks for
 * its own. Components subscribe (`useFieldErrors`), so a field that failed and is now really null (the
 * store unchanged, nothing else re-rendering) stops showing its error.
 */
export class FieldErrors {
  private readonly byField = new Map<string, readonly GraphQLError[]>();
  private readonly listeners = new Set<() => void>();

  /**
   * The errors that nulled `field` (its response key) of the record `id`: for a root field, `ROOT_ID`
   * (in the latest response that carried it) or `requestRootId(variables)` (in the latest response to
   * those variables).
   */
  of(id: string, field: string): readonly GraphQLError[] {
    return this.byField.get(keyOf(id, field)) ?? NONE;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * One payload of a request with `variables`: `data` is what the response holds at `path` (an
   * increment's, or the root), `errors` have full paths.
   */
  record(data: unknown, path: Path, errors: readonly GraphQLError[], variables: Record<string, unknown>): void {
    const rootIds = path.length === 0 ? [ROOT_ID, requestRootId(variables)] : [idOf(data)];
    for (const rootId of rootIds) {
      this.forget(data, rootId);
      for (const error of errors) {
        const key = error.path && startsWith(error.path, path) ? this.nulledBy(data, rootId, error.path.slice(path.length)) : undefined;
        if (key) this.byField.set(key, [...(this.byField.get(key) ?? []), error]);
      }
    }
    for (const listener of this.listeners) listener();
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

const NONE: readonly GraphQLError[] = Object.freeze([]);
const keyOf = (id: string, field: string) => `${id}\u0000${field}`;
/** The root as one request's variables see it, with the variables in name order. */
export const requestRootId = (variables: Record<string, unknown>) =>
  `${ROOT_ID}\u0001${JSON.stringify(
    Object.keys(variables)
      .sort()
      .map((name) => [name, variables[name]]),
  )}`;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const idOf = (value: unknown): string | undefined => (isObject(value) && typeof value['id'] === 'string' ? value['id'] : undefined);
const startsWith = (path: Path, prefix: Path) => prefix.every((segment, index) => path[index] === segment);

export const FieldErrorsContext = createContext(new FieldErrors());

/**
 * The errors that nulled `field` of the record `id` in the latest response that carried it (none: it is
 * really null); for a root field, `variables` names the request whose answer the component shows.
 * The component re-renders when they change.
 */
export function useFieldErrors(id: string, field: string, variables?: Record<string, unknown>): readonly GraphQLError[] {
  const fieldErrors = useContext(FieldErrorsContext);
  const holder = variables ? requestRootId(variables) : id;
  const read = useCallback(() => fieldErrors.of(holder, field), [fieldErrors, holder, field]);
  return useSyncExternalStore(fieldErrors.subscribe, read);
}
