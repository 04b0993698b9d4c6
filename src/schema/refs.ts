import type { AccountNode, ContactNode } from '../loaders/index.js';
import { accountKey, contactKey } from '../loaders/index.js';
import type { AlpharunInteraction as AlpharunInteractionShape } from '../upstream/alpharun/types.js';
import type { InteractionResource, PropertyResource, UserResource } from '../upstream/ctrlhub/types.js';
import { builder } from './builder.js';

/*
 * The graph's node types, declared once: each type file implements its ref and refers to the others
 * through this module, so the type files import no circle (as hayes/pothos examples/complex-app does).
 * `load` is each node's batched read by key; a field may return a node or its key.
 */

export type InteractionShape = InteractionResource | AlpharunInteractionShape;

export const Contact = builder.loadableNodeRef('Contact', {
  id: { resolve: (contact: ContactNode) => contactKey(contact) },
  load: (keys: string[], context) => context.loaders.contacts.load(keys),
});

export const Account = builder.loadableNodeRef('Account', {
  id: { resolve: (account: AccountNode) => accountKey(account) },
  load: (keys: string[], context) => context.loaders.accounts.load(keys),
});

export const Property = builder.loadableNodeRef('Property', {
  id: { resolve: (property: PropertyResource) => property.id },
  load: (ids: string[], context) => context.loaders.properties.load(ids),
});

export const Representative = builder.loadableNodeRef('Representative', {
  id: { resolve: (user: UserResource) => user.id },
  load: (ids: string[], context) => context.loaders.representatives.load(ids),
});

export const CtrlHubInteraction = builder.loadableNodeRef('CtrlHubInteraction', {
  id: { resolve: (interaction: InteractionResource) => interaction.id },
  load: (ids: string[], context) => context.loaders.ctrlhubInteractions.load(ids),
});

export const AlpharunInteraction = builder.loadableNodeRef('AlpharunInteraction', {
  id: { resolve: (interaction: AlpharunInteractionShape) => interaction.id },
  load: (ids: string[], context) => context.loaders.alpharunInteractions.load(ids),
});

export const Interaction = builder.interfaceRef<InteractionShape>('Interaction');

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
  { name: 'InteractionEdge' },
);

export const AlpharunInteractionConnection = builder.connectionObject(
  { type: AlpharunInteraction, name: 'AlpharunInteractionConnection' },
  { name: 'AlpharunInteractionEdge' },
);
