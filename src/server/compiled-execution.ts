import { makeExecute } from '@envelop/core';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  getLocation,
  Kind,
  type SelectionNode,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { usesIncrementalDelivery } from './incremental-delivery.js';

/**
 * Compiled execution: graphql-jit turns each operation into a function once, then runs it for every
 * request of that document. It answers exactly as graphql-js does, which takes three things the
 * compiler or its envelop plugin leave out:
 * - one compiled query per operation of a document (the plugin kept one per document, so a second
 *   operation of the same document ran the first);
 * - errors carry their field nodes (graphql-jit gives only `locations`, which Yoga drops when it
 *   rebuilds errors for the response);
 * - operations with `@defer`/`@stream` run on the interpreter, which can deliver them in parts.
 * Place it before plugins that wrap the execute function (tracing), so they wrap this one.
 */
export function useCompiledExecution(): Plugin {
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | ExecutionResult>>();

  function compiledFor({ schema, document, operationName }: ExecutionArgs): CompiledQuery | ExecutionResult {
    let operations = compiled.get(document);
    if (!operations) {
      operations = new Map();
      compiled.set(document, operations);
    }
    const key = operationName ?? '';
    let query = operations.get(key);
    if (!query) {
      query = compileQuery(schema, document, operationName ?? undefined);
      operations.set(key, query);
    }
    return query;
  }

  function execute(args: ExecutionArgs): ExecutionResult | Promise<ExecutionResult> {
    const query = compiledFor(args);
    // Compilation refused the operation (e.g. an unknown operation name): that refusal is the answer.
    if (!isCompiledQuery(query)) return query;
    const result = query.query(args.rootValue, args.contextValue, args.variableValues);
    return result instanceof Promise ? result.then((done) => withFieldNodes(done, args)) : withFieldNodes(result, args);
  }

  const compiledExecute = makeExecute(execute);
  return {
    onExecute({ args, setExecuteFn }) {
      if (!usesIncrementalDelivery(args.document)) setExecuteFn(compiledExecute);
    },
  };
}

/** The result with each error rebuilt on the field nodes it happened at, as graphql-js builds it. */
function withFieldNodes(result: ExecutionResult, args: ExecutionArgs): ExecutionResult {
  if (!result.errors?.some((error) => !error.nodes && error.path && error.locations)) return result;
  return { ...result, errors: result.errors.map((error) => locate(error, args)) };
}

function locate(error: GraphQLError, { document, operationName }: ExecutionArgs): GraphQLError {
  if (error.nodes || !error.path || !error.locations) return error;
  const at = new Set(error.locations.map(({ line, column }) => `${line}:${column}`));
  // The nodes under the error's path, narrowed to those graphql-jit located it at (type conditions decide which).
  const nodes = fieldNodesAt(document, operationName, error.path).filter((node) => {
    if (!node.loc) return false;
    const { line, column } = getLocation(node.loc.source, node.loc.start);
    return at.has(`${line}:${column}`);
  });
  if (nodes.length === 0) return error;
  return new GraphQLError(error.message, {
    nodes,
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
}

/** Every field node that answers `path` (response keys; list indices skipped), through fragments of any type. */
function fieldNodesAt(document: DocumentNode, operationName: string | null | undefined, path: readonly (string | number)[]): FieldNode[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let selections: readonly SelectionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName))
      selections = definition.selectionSet.selections;
  }
  let nodes: FieldNode[] = [];
  for (const key of path) {
    if (typeof key === 'number') continue;
    nodes = [];
    collect(selections, key, fragments, nodes, new Set());
    selections = nodes.flatMap((node) => node.selectionSet?.selections ?? []);
  }
  return nodes;
}

function collect(
  selections: readonly SelectionNode[],
  responseKey: string,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  into: FieldNode[],
  visited: Set<string>,
): void {
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      if ((selection.alias ?? selection.name).value === responseKey) into.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet.selections, responseKey, fragments, into, visited);
    } else if (!visited.has(selection.name.value)) {
      visited.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) collect(fragment.selectionSet.selections, responseKey, fragments, into, visited);
    }
  }
}
