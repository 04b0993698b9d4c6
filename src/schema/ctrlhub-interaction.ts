import { builder } from './builder.js';
import { InteractionDirection, InteractionMethod, InteractionStatus } from './enums.js';
import { isCtrlHubInteraction } from './interaction.js';
import { ctrlhubInteractionConnection } from './interaction-connections.js';
import { InteractionFilter, interactionFilter } from './interaction-filter.js';
import { Contact, CtrlHubInteraction, Interaction, InteractionConnection, Property, Representative } from './refs.js';
import type { InteractionShape } from './refs.js';

CtrlHubInteraction.implement({
  description: 'A customer interaction recorded in Ctrl-Hub.',
  interfaces: () => [Interaction],
  isTypeOf: (value) => typeof value === 'object' && value !== null && isCtrlHubInteraction(value as InteractionShape),
  fields: (t) => ({
    ctrlHubId: t.exposeString('id', { nullable: true, description: 'The id in Ctrl-Hub.' }),
    method: t.field({ type: InteractionMethod.ref, nullable: true, resolve: (i) => InteractionMethod.map(i.attributes?.method) }),
    direction: t.field({
      type: InteractionDirection.ref,
      nullable: true,
      resolve: (i) => InteractionDirection.map(i.attributes?.direction),
    }),
    status: t.field({ type: InteractionStatus.ref, nullable: true, resolve: (i) => InteractionStatus.map(i.attributes?.status) }),
    statusText: t.string({
      nullable: true,
      description: 'The status exactly as Ctrl-Hub words it.',
      resolve: (i) => i.attributes?.status ?? null,
    }),
    dateTime: t.field({ type: 'DateTime', nullable: true, resolve: (i) => i.attributes?.date_time ?? null }),
    contacted: t.boolean({ nullable: true, resolve: (i) => i.attributes?.contacted ?? null }),
    notes: t.string({ nullable: true, resolve: (i) => i.attributes?.notes ?? null }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (i) => i.meta?.created_at ?? null }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (i) => i.meta?.updated_at ?? i.meta?.modified_at ?? null }),
    contact: t.field({
      type: Contact,
      nullable: true,
      resolve: (i, _args, { loaders }) => loaders.contacts.related(i.relationships?.contact?.data?.id),
    }),
    property: t.field({
      type: Property,
      nullable: true,
      resolve: (i, _args, { loaders }) => loaders.properties.related(i.relationships?.property?.data?.id),
    }),
    representative: t.field({
      type: Representative,
      nullable: true,
      resolve: (i, _args, { loaders }) => loaders.representatives.related(i.relationships?.representative?.data?.id),
    }),
    author: t.field({
      type: Representative,
      nullable: true,
      description: 'The user who recorded the interaction.',
      resolve: (i, _args, { loaders }) => loaders.representatives.related(i.relationships?.author?.data?.id),
    }),
  }),
});

builder.queryFields((t) => ({
  interactions: t.connection(
    {
      type: CtrlHubInteraction,
      nullable: true,
      description: "The organisation's Ctrl-Hub interactions, in Ctrl-Hub's order.",
      args: { filter: t.arg({ type: InteractionFilter, required: false }) },
      resolve: (_root, { filter, ...args }, context, info) =>
        ctrlhubInteractionConnection({ filter: interactionFilter(filter) }, args, context, info),
    },
    InteractionConnection,
  ),
}));
