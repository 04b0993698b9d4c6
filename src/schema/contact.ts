import { type ContactNode, contactKey, type MaybePromise, whenReady } from '../loaders/index.js';
import type { ContactResource } from '../upstream/ctrlhub/types.js';
import type { GraphContext } from './context.js';
import { DataField } from './data-field.js';
import { alpharunInteractionConnection } from './interaction-connections.js';
import { addParentInteractions } from './parent-interactions.js';
import { addQueryById } from './query-by-id.js';
import { Account, AlpharunInteraction, AlpharunInteractionConnection, Contact, Property } from './refs.js';

type CtrlHubAttribute = keyof NonNullable<ContactResource['attributes']>;
type AlpharunAttribute = 'first_name' | 'last_name' | 'email' | 'phone_number';

/** Ctrl-Hub is the record of truth for a contact's details; Alpharun's profile fills what it leaves empty. */
function mergedAttribute(
  contact: ContactNode,
  { loaders }: GraphContext,
  ctrlhub: CtrlHubAttribute,
  alpharun?: AlpharunAttribute,
): MaybePromise<string | null> {
  return whenReady(loaders.contacts.ctrlhub(contact), (resource) => {
    const value = resource?.attributes?.[ctrlhub];
    if (value !== null && value !== undefined && value !== '') return value;
    if (!alpharun) return null;
    return whenReady(loaders.contacts.alpharun(contact), (profile) => profile?.[alpharun] ?? null);
  });
}

Contact.implement({
  description: 'A person, one node across both APIs: Ctrl-Hub contact `C` is Alpharun contact `alt:ext_id:C`.',
  fields: (t) => ({
    ctrlHubId: t.exposeString('ctrlHubId', { nullable: true, description: 'The id in Ctrl-Hub; null for a contact only Alpharun knows.' }),
    alpharunId: t.string({
      nullable: true,
      description: 'The id in Alpharun, when Alpharun knows the contact.',
      resolve: (c, _args, { loaders }) => whenReady(loaders.contacts.alpharun(c), (profile) => profile?.id ?? null),
    }),
    association: t.string({
      nullable: true,
      description: 'How the contact relates to the account (e.g. occupier).',
      resolve: (c, _args, context) => mergedAttribute(c, context, 'association'),
    }),
    salutation: t.string({ nullable: true, resolve: (c, _args, context) => mergedAttribute(c, context, 'salutation') }),
    firstName: t.string({ nullable: true, resolve: (c, _args, context) => mergedAttribute(c, context, 'first_name', 'first_name') }),
    lastName: t.string({ nullable: true, resolve: (c, _args, context) => mergedAttribute(c, context, 'last_name', 'last_name') }),
    email: t.string({ nullable: true, resolve: (c, _args, context) => mergedAttribute(c, context, 'email', 'email') }),
    telephone: t.string({ nullable: true, resolve: (c, _args, context) => mergedAttribute(c, context, 'telephone', 'phone_number') }),
    customFields: t.field({
      type: [DataField],
      nullable: true,
      description: "Alpharun's custom fields for the contact.",
      resolve: (c, _args, { loaders }) => whenReady(loaders.contacts.alpharun(c), (profile) => profile?.custom_fields ?? []),
    }),
    account: t.field({ type: Account, nullable: true, resolve: (c, _args, { loaders }) => loaders.contacts.account(c) }),
    properties: t.field({
      type: [Property],
      nullable: true,
      description: "The properties of the contact's account.",
      resolve: (c, _args, { loaders }) => loaders.contacts.properties(c),
    }),
    customerInteractions: t.connection(
      {
        type: AlpharunInteraction,
        nullable: true,
        description:
          "The Alpharun interactions of the contact's account (forward paging only). Empty when Alpharun does not know the contact.",
        resolve: (c, args, context) =>
          alpharunInteractionConnection(`Contact ${contactKey(c)}`, args, context, (cursor, limit) =>
            context.loaders.contacts.customerInteractions(c, cursor, limit),
          ),
      },
      AlpharunInteractionConnection,
    ),
  }),
});

addParentInteractions(Contact, 'contact', (contact) => contact.ctrlHubId, "The contact's Ctrl-Hub interactions.");
addQueryById('contact', Contact, 'Contact', 'A contact by global id or raw Ctrl-Hub id.');
