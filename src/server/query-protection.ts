import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { QueryProtection } from '../config/index.js';
import { useMutationLimit } from './mutation-limit.js';
import { useNestingLimit } from './nesting-limit.js';
import { useNoSchemaDisclosure } from './schema-disclosure.js';

/** Header a browser cannot send cross-site without a preflight; GraphiQL and JSON clients need no change. */
export const CSRF_HEADER = 'x-graphql-csrf';

/**
 * graphql-armor's validation limits, reported as validation errors (`GRAPHQL_VALIDATION_FAILED`,
 * HTTP 400 for GraphQL-over-HTTP clients, every violation listed) rather than thrown out of the
 * validator, which made them uncoded request errors (`BAD_USER_INPUT`). Their text loses armor's
 * "Syntax Error:" prefix: the document parsed, it asks too much.
 */
const asValidationError = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { nodes: error.nodes })),
  ],
};

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
      maxDepth: { n: protection.maxDepth, flattenFragments: true, ...asValidationError },
      maxAliases: { n: protection.maxAliases, ...asValidationError },
      // A parse-time limit (the parser stops counting there): a parse error, like the nesting limit.
      maxTokens: { n: protection.maxTokens, exposeLimits: true },
      maxDirectives: { n: protection.maxDirectives, ...asValidationError },
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
