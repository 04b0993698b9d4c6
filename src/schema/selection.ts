import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  type FieldNode,
  type FragmentSpreadNode,
  type GraphQLResolveInfo,
  type InlineFragmentNode,
  type SelectionSetNode,
} from 'graphql';
import type { RelatedName } from '../loaders/index.js';

/**
 * What a connection field's selection asks for, read from the query document so loaders can plan
 * upstream requests (which `include=`, whether to count). Fragments are followed and
 * `@include`/`@skip` are honoured, so a skipped field costs nothing.
 */
function fieldsAt(info: GraphQLResolveInfo, path: readonly string[]): FieldNode[] {
  return fieldsUnder(info.fieldNodes, path, info);
}

/** The fields selected under `path` from `nodes` (field names, fragments followed). */
function fieldsUnder(nodes: readonly FieldNode[], path: readonly string[], info: GraphQLResolveInfo): FieldNode[] {
  let level: FieldNode[] = [...nodes];
  for (const name of path) {
    level = level.flatMap((node) =>
      node.selectionSet ? childFields(node.selectionSet, info).filter((child) => child.name.value === name) : [],
    );
  }
  return level.flatMap((node) => (node.selectionSet ? childFields(node.selectionSet, info) : []));
}

function included(node: FieldNode | FragmentSpreadNode | InlineFragmentNode, info: GraphQLResolveInfo): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}

function childFields(selectionSet: SelectionSetNode, info: GraphQLResolveInfo, seenFragments = new Set<string>()): FieldNode[] {
  return selectionSet.selections.flatMap((selection): FieldNode[] => {
    if (!included(selection, info)) return [];
    if (selection.kind === 'Field') return [selection];
    if (selection.kind === 'InlineFragment') return childFields(selection.selectionSet, info, seenFragments);
    const name = selection.name.value;
    const fragment = info.fragments[name];
    if (!fragment || seenFragments.has(name)) return [];
    seenFragments.add(name);
    return childFields(fragment.selectionSet, info, seenFragments);
  });
}

/** GraphQL fields of an interaction that resolve a Ctrl-Hub relationship. */
const RELATED_BY_FIELD: Record<string, RelatedName> = {
  contact: 'contact',
  contacts: 'contact',
  account: 'account',
  property: 'property',
  representative: 'representative',
  author: 'author',
};

/** Fields of an interaction that lead to a parent with an `interactions` list of its own. */
const PARENT_FIELDS = new Set(['contact', 'contacts', 'account', 'property', 'representative', 'author']);

/** The fields the nodes of a connection select: under `edges.node` or `nodes`. */
const nodeFields = (connection: readonly FieldNode[], info: GraphQLResolveInfo) => [
  ...fieldsUnder(connection, ['edges', 'node'], info),
  ...fieldsUnder(connection, ['nodes'], info),
];

/**
 * Relationships the connection's nodes select, and those selected by the nodes' parents' own
 * interaction lists (`contact { interactions { … } }`): a parent's list begins with its interactions
 * on this page, which the nested lists reuse when this page brought what they resolve.
 */
export function selectedRelations(info: GraphQLResolveInfo): RelatedName[] {
  return perSelection(relationsBySelection, info, () => readSelectedRelations(info));
}

function readSelectedRelations(info: GraphQLResolveInfo): RelatedName[] {
  const nodes = nodeFields(info.fieldNodes, info);
  const nestedLists = nodes
    .filter((field) => PARENT_FIELDS.has(field.name.value))
    .flatMap((parent) => fieldsUnder([parent], [], info).filter((field) => field.name.value === 'interactions'));
  const names = [...nodes, ...nodeFields(nestedLists, info)].map((field) => RELATED_BY_FIELD[field.name.value]);
  return [...new Set(names.filter((name): name is RelatedName => name !== undefined))].sort();
}

export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return perSelection(childNamesBySelection, info, () => new Set(fieldsAt(info, []).map((field) => field.name.value))).has(name);
}

/**
 * Answers per selection, remembered: a nested connection is resolved once per parent (50 contacts
 * of a page), always with the same field nodes, and `@include`/`@skip` make the answer depend on the
 * request's variables too.
 */
type SelectionMemo<T> = WeakMap<readonly FieldNode[], WeakMap<object, T>>;
const relationsBySelection: SelectionMemo<RelatedName[]> = new WeakMap();
const childNamesBySelection: SelectionMemo<Set<string>> = new WeakMap();

function perSelection<T>(memo: SelectionMemo<T>, info: GraphQLResolveInfo, compute: () => T): T {
  let byVariables = memo.get(info.fieldNodes);
  if (!byVariables) {
    byVariables = new WeakMap();
    memo.set(info.fieldNodes, byVariables);
  }
  let answer = byVariables.get(info.variableValues);
  if (answer === undefined) {
    answer = compute();
    byVariables.set(info.variableValues, answer);
  }
  return answer;
}
