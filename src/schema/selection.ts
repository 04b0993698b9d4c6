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
  let level: FieldNode[] = [...info.fieldNodes];
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

/** Relationships the connection's nodes select (under `edges.node` or `nodes`). */
export function selectedRelations(info: GraphQLResolveInfo): RelatedName[] {
  const names = [...fieldsAt(info, ['edges', 'node']), ...fieldsAt(info, ['nodes'])].map((field) => RELATED_BY_FIELD[field.name.value]);
  return [...new Set(names.filter((name): name is RelatedName => name !== undefined))].sort();
}

export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return fieldsAt(info, []).some((field) => field.name.value === name);
}
