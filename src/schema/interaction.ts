import type { AccountRecord, ContactRecord } from '../loaders/index.js';
import type { AlpharunInteraction } from '../upstream/alpharun/types.js';
import type { InteractionResource } from '../upstream/ctrlhub/types.js';
import { Account } from './account.js';
import { builder } from './builder.js';
import { Contact } from './contact.js';
import { relatedAccount, relatedContact } from './related.js';

export type InteractionShape = InteractionResource | AlpharunInteraction;

/** JSON:API resources carry `type` and `attributes`; Alpharun's interaction objects carry neither. */
export function isCtrlHubInteraction(value: InteractionShape): value is InteractionResource {
  return 'type' in value && 'attributes' in value;
}

export const Interaction = builder.interfaceRef<InteractionShape>('Interaction').implement({
  description: 'A customer interaction from either API.',
  interfaces: () => [builder.nodeInterfaceRef()],
  resolveType: (value) => (isCtrlHubInteraction(value) ? 'CtrlHubInteraction' : 'AlpharunInteraction'),
});

builder.interfaceFields(Interaction, (t) => ({
  account: t.field({
    type: Account,
    nullable: true,
    description: 'The customer account the interaction belongs to.',
    resolve: (interaction, _args, context) =>
      isCtrlHubInteraction(interaction)
        ? relatedAccount(context, interaction.relationships?.account?.data?.id)
        : accountOfAlpharunInteraction(interaction),
  }),
  contacts: t.field({
    type: [Contact],
    description: 'Everyone the interaction involved (Ctrl-Hub records one contact).',
    resolve: (interaction, _args, context) =>
      isCtrlHubInteraction(interaction)
        ? [relatedContact(context, interaction.relationships?.contact?.data?.id)].filter((contact) => contact !== null)
        : (interaction.contacts ?? []).map((contact): ContactRecord => ({ ctrlHubId: contact.ext_id ?? null, alpharun: contact })),
  }),
}));

/** Alpharun's account `ext_id` names the Ctrl-Hub account, so both APIs reach the same Account node. */
function accountOfAlpharunInteraction(interaction: AlpharunInteraction): AccountRecord | null {
  if (!interaction.account) return null;
  return {
    ctrlHubId: interaction.account.ext_id ?? null,
    alpharun: interaction.account,
    alpharunContacts: (interaction.contacts ?? []).map((contact) => ({ id: contact.id })),
  };
}
