import type { AlpharunInteraction as AlpharunInteractionShape } from '../upstream/alpharun/types.js';
import { builder } from './builder.js';
import { DataField } from './data-field.js';
import { Interaction } from './interaction.js';

export const AlpharunInteraction = builder.loadableNode('AlpharunInteraction', {
  description: 'A customer interaction recorded in Alpharun, with the fields Alpharun extracted from it.',
  interfaces: () => [Interaction],
  id: { resolve: (interaction: AlpharunInteractionShape) => interaction.id },
  load: (ids: string[], context) => context.loaders.alpharun.interactions.loadMany(ids),
  isTypeOf: (value) => typeof value === 'object' && value !== null && !('attributes' in value) && 'id' in value,
  fields: (t) => ({
    alpharunId: t.exposeString('id', { nullable: true, description: 'The id in Alpharun.' }),
    summary: t.string({ nullable: true, resolve: (i) => i.summary ?? null }),
    teammateEmail: t.string({
      nullable: true,
      description: 'The Alpharun teammate who handled it.',
      resolve: (i) => i.teammate?.email ?? null,
    }),
    dataExtractionFields: t.field({ type: [DataField], resolve: (i) => i.data_extraction_fields ?? [] }),
  }),
});

export const AlpharunInteractionConnection = builder.connectionObject(
  { type: AlpharunInteraction, name: 'AlpharunInteractionConnection' },
  { name: 'AlpharunInteractionEdge' },
);
