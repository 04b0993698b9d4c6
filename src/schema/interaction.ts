import type { InteractionResource } from '../upstream/ctrlhub/types.js';
import { builder } from './builder.js';
import { Account, Contact, Interaction, type InteractionShape } from './refs.js';

/** JSON:API resources carry `type` and `attributes`; Alpharun's interaction objects carry neither. */
export function isCtrlHubInteraction(value: InteractionShape): value is InteractionResource {
  return 'type' in value && 'attributes' in value;
}

Interaction.implement({
  description: 'A customer interaction from either API.',
  interfaces: () => [builder.nodeInterfaceRef()],
  resolveType: (value) => (isCtrlHubInteraction(value) ? 'CtrlHubInteraction' : 'AlpharunInteraction'),
  fields: (t) => ({
    account: t.field({
      type: Account,
      nullable: true,
      description: 'The customer account the interaction belongs to.',
      resolve: (interaction, _args, { loaders }) =>
        isCtrlHubInteraction(interaction)
          ? loaders.accounts.related(interaction.relationships?.account?.data?.id)
          : loaders.alpharunInteractions.account(interaction),
    }),
    contacts: t.field({
      type: [Contact],
      description: 'Everyone the interaction involved (Ctrl-Hub records one contact).',
      resolve: (interaction, _args, { loaders }) =>
        isCtrlHubInteraction(interaction)
          ? [loaders.contacts.related(interaction.relationships?.contact?.data?.id)].filter((contact) => contact !== null)
          : loaders.alpharunInteractions.contacts(interaction),
    }),
  }),
});
