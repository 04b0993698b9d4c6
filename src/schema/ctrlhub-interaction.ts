import type { InteractionResource } from '../upstream/ctrlhub/types.js';
import { builder } from './builder.js';
import { InteractionDirection, InteractionMethod, InteractionStatus } from './enums.js';
import { Interaction } from './interaction.js';
import { ctrlhubInteractionConnection } from './interaction-connections.js';
import { InteractionFilter, interactionFilters } from './interaction-filter.js';
import { Property } from './property.js';
import { Representative } from './representative.js';
import { Contact } from './contact.js';
import { relatedContact, relatedProperty, relatedRepresentative } from './related.js';

export const CtrlHubInteraction = builder.loadableNode('CtrlHubInteraction', {
  description: 'A customer interaction recorded in Ctrl-Hub.',
  interfaces: () => [Interaction],
  id: { resolve: (interaction: InteractionResource) => interaction.id },
  load: (ids: string[], context) => context.loaders.ctrlhub.interactions.loadMany(ids),
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'attributes' in value && 'type' in value,
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
  }),
});

builder.objectFields(CtrlHubInteraction, (t) => ({
  contact: t.field({
    type: Contact,
    nullable: true,
    resolve: (i, _args, context) => relatedContact(context, i.relationships?.contact?.data?.id),
  }),
  property: t.field({
    type: Property,
    nullable: true,
    resolve: (i, _args, context) => relatedProperty(context, i.relationships?.property?.data?.id),
  }),
  representative: t.field({
    type: Representative,
    nullable: true,
    resolve: (i, _args, context) => relatedRepresentative(context, i.relationships?.representative?.data?.id),
  }),
  author: t.field({
    type: Representative,
    nullable: true,
    description: 'The user who recorded the interaction.',
    resolve: (i, _args, context) => relatedRepresentative(context, i.relationships?.author?.data?.id),
  }),
}));

/** Exported on its own so that a mutation payload can hand back the edge of what it created. */
export const InteractionEdge = builder.edgeObject({ type: CtrlHubInteraction, name: 'InteractionEdge' });

export const InteractionConnection = builder.connectionObject(
  {
    type: CtrlHubInteraction,
    name: 'InteractionConnection',
    fields: (t) => ({
      totalCount: t.int({
        nullable: true,
        description: 'Size of the whole list (may cost an extra upstream request for nested lists).',
        resolve: (connection) => connection.totalCount?.() ?? null,
      }),
    }),
  },
  InteractionEdge,
);

builder.queryFields((t) => ({
  interactions: t.connection(
    {
      type: CtrlHubInteraction,
      nullable: true,
      description: "The organisation's Ctrl-Hub interactions, in Ctrl-Hub's order.",
      args: { filter: t.arg({ type: InteractionFilter, required: false }) },
      resolve: (_root, { filter, ...args }, context, info) =>
        ctrlhubInteractionConnection({ filters: interactionFilters(filter) }, args, context, info),
    },
    InteractionConnection,
  ),
}));
