import { builder } from './builder.js';
import './interaction.js';
import './ctrlhub-interaction.js';
import './alpharun-interaction.js';
import './contact.js';
import './account.js';
import './property.js';
import './representative.js';

/** The whole graph, built once per process. */
export const schema = builder.toSchema({ sortSchema: true });
export type { GraphContext, GraphLimits } from './context.js';
