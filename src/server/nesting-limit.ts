import { valueDepth } from '../schema/json-depth.js';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * Refuses a document whose brackets nest deeper than `maxNesting` before it is parsed, and variables
 * or extensions whose values nest deeper. graphql-js
 * parses recursively, so a selection or a list value nested a few thousand levels deep overflows the
 * stack inside the parser, before any depth rule could run; the token limit does not stop it (2,400
 * levels are 4,800 tokens). One pass over the text, outside strings and comments, counting `{`, `[`
 * and `(`, closes the class for selections, list and object values and list types alike.
 */
export function useNestingLimit(maxNesting: number): Plugin {
  return {
    onParams({ params }) {
      // JSON.parse reads any depth, but what walks the values after it recurses: coercion, the
      // cost check's cache key (`JSON.stringify`), loggers. Thousands of levels overflow the stack there.
      for (const name of ['variables', 'extensions'] as const) {
        if (valueDepth(params[name], maxNesting) > maxNesting) {
          throw createGraphQLError(`\`${name}\` nests lists or objects more than ${maxNesting} levels deep; nest them less deeply`, {
            extensions: { code: 'BAD_USER_INPUT', maxNesting, http: { status: 400 } },
          });
        }
      }
      if (typeof params.query !== 'string') return;
      const depth = nestingDepth(params.query, maxNesting);
      if (depth > maxNesting) {
        throw createGraphQLError(
          `Syntax Error: the document nests selections, lists or arguments more than ${maxNesting} levels deep; nest them less deeply`,
          { extensions: { code: 'GRAPHQL_PARSE_FAILED', maxNesting, http: { status: 400 } } },
        );
      }
    },
  };
}

/** The deepest nesting of `{`, `[` and `(` in a GraphQL document, counting no further than `stopAbove` + 1. */
export function nestingDepth(document: string, stopAbove: number): number {
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < document.length; index += 1) {
    const char = document[index];
    if (char === '#') {
      // A comment runs to the end of the line.
      while (index < document.length && document[index] !== '\n' && document[index] !== '\r') index += 1;
    } else if (char === '"') {
      index = document.startsWith('"""', index) ? endOfBlockString(document, index + 3) : endOfString(document, index + 1);
    } else if (char === '{' || char === '[' || char === '(') {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (char === '}' || char === ']' || char === ')') {
      depth = Math.max(0, depth - 1);
    }
  }
  return deepest;
}

/** The index of the quote closing a string that starts at `index`, or the end (the parser reports it). */
function endOfString(document: string, index: number): number {
  for (let at = index; at < document.length; at += 1) {
    const char = document[at];
    if (char === '\\') at += 1;
    else if (char === '"' || char === '\n' || char === '\r') return at;
  }
  return document.length;
}

/** The index of the last quote closing a block string whose text starts at `index`; `\"""` does not close it. */
function endOfBlockString(document: string, index: number): number {
  for (let at = index; at < document.length; at += 1) {
    if (document.startsWith('\\"""', at)) at += 3;
    else if (document.startsWith('"""', at)) return at + 2;
  }
  return document.length;
}
