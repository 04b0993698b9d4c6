import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { Plugin } from 'graphql-yoga';
import type { QueryProtection } from '../config/index.js';
import { useMutationLimit } from './mutation-limit.js';
import { useNestingLimit } from './nesting-limit.js';
import { useNoSchemaDisclosure } from './schema-disclosure.js';

/** Header a browser cannot send cross-site without a preflight; GraphiQL and JSON clients need no change. */
export const CSRF_HEADER = 'x-graphql-csrf';

/**
 * Limits checked before a request is parsed (bracket nesting) and while it is validated, before any
 * resolver or upstream call: depth, aliases, tokens and directives (graphql-armor), and mutations per operation. Cost, which depends on page sizes, is checked by
 * the schema's complexity plugin (`src/schema/complexity.ts`).
 */
export function queryProtection(protection: QueryProtection): Plugin[] {
  const plugins: Plugin[] = [
    // Before parsing: a legitimate document nests a few brackets per selection level; thousands overflow the parser.
    useNestingLimit(protection.maxDepth * 4),
    EnvelopArmorPlugin({
      maxDepth: { n: protection.maxDepth, flattenFragments: true, exposeLimits: true },
      maxAliases: { n: protection.maxAliases, exposeLimits: true },
      maxTokens: { n: protection.maxTokens, exposeLimits: true },
      maxDirectives: { n: protection.maxDirectives, exposeLimits: true },
      // armor's cost model ignores page sizes; the complexity plugin's does not.
      costLimit: { enabled: false },
      // `useNoSchemaDisclosure` removes every "Did you mean" hint, also those of execution-time coercion errors.
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
    useMutationLimit(protection.maxMutations),
  ];
  if (protection.csrfPrevention) plugins.push(useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }));
  if (!protection.introspection) plugins.push(useDisableIntrospection(), useNoSchemaDisclosure());
  return plugins;
}
