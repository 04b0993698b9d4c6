import { builder } from './builder.js';
import './interaction.js';
import './ctrlhub-interaction.js';
import './alpharun-interaction.js';
import './contact.js';
import './account.js';
import './property.js';
import './representative.js';
import { guardEntities } from './federation.js';
import './mutations/interaction-mutations.js';

/**
 * The whole graph, built once per process. It is always an Apollo Federation v2 subgraph
 * (`_service`, `_entities`): served alone those fields are inert, and a router can compose it as is.
 */
export const schema = builder.toSubGraphSchema({
  sortSchema: true,
  linkUrl: 'https://specs.apollo.dev/federation/v2.6',
  federationDirectives: ['@key', '@shareable'],
});
guardEntities(schema);
export type { GraphContext, GraphLimits } from './context.js';
