import { DataField } from './data-field.js';
import { isCtrlHubInteraction } from './interaction.js';
import { AlpharunInteraction, Interaction, type InteractionShape } from './refs.js';

AlpharunInteraction.implement({
  description: 'A customer interaction recorded in Alpharun, with the fields Alpharun extracted from it.',
  interfaces: () => [Interaction],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'id' in value && !isCtrlHubInteraction(value as InteractionShape),
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
