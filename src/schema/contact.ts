import { parseRecordKey, recordKey, whenReady, type ContactRecord, type MaybePromise } from '../loaders/index.js';
import type { ContactResource } from '../upstream/ctrlhub/types.js';
import { Account } from './account.js';
import { AlpharunInteraction, AlpharunInteractionConnection } from './alpharun-interaction.js';
import { builder } from './builder.js';
import { addParentInteractions } from './parent-interactions.js';
import { addQueryById } from './query-by-id.js';
import type { GraphContext } from './context.js';
import { DataField } from './data-field.js';
import { alpharunInteractionConnection } from './interaction-connections.js';
import { Property } from './property.js';
import { ctrlhubAccount, ctrlhubContact, relatedAccount } from './related.js';

type CtrlHubAttribute = keyof NonNullable<ContactResource['attributes']>;
type AlpharunAttribute = 'first_name' | 'last_name' | 'email' | 'phone_number';

/** Ctrl-Hub is the record of truth for a contact's details; Alpharun's profile fills what it leaves empty. */
function mergedAttribute(
  contact: ContactRecord,
  context: GraphContext,
  ctrlhub: CtrlHubAttribute,
  alpharun?: AlpharunAttribute,
): MaybePromise<string | null> {
  return whenReady(context.loaders.contacts.ctrlhub(contact), (resource) => {
    const value = resource?.attributes?.[ctrlhub];
    if (value !== null && value !== undefined && value !== '') return value;
    if (!alpharun) return null;
    return whenReady(context.loaders.contacts.alpharun(contact), (profile) => profile?.[alpharun] ?? null);
  });
}

export const Contact = builder.loadableNode('Contact', {
  description: 'A person, one node across both APIs: Ctrl-Hub contact `C` is Alpharun contact `alt:ext_id:C`.',
  id: { resolve: (contact: ContactRecord) => recordKey({ ctrlHubId: contact.ctrlHubId, alpharunId: contact.alpharun?.id }) },
  load: (keys: string[], context) =>
    Promise.all(
      keys.map(async (key): Promise<ContactRecord | null> => {
        const parsed = parseRecordKey(key);
        if ('ctrlHubId' in parsed)
          return (await context.loaders.ctrlhub.contacts.load(parsed.ctrlHubId)) ? ctrlhubContact(parsed.ctrlHubId) : null;
        const profile = await context.loaders.alpharun.profile({ id: parsed.alpharunId });
        return profile ? { ctrlHubId: null, alpharun: profile } : null;
      }),
    ),
  fields: (t) => ({
    ctrlHubId: t.string({
      nullable: true,
      description: 'The id in Ctrl-Hub; null for a contact only Alpharun knows.',
      resolve: (c) => c.ctrlHubId,
    }),
    alpharunId: t.string({
      nullable: true,
      description: 'The id in Alpharun, when Alpharun knows the contact.',
      resolve: async (c, _args, context) => (await context.loaders.contacts.alpharun(c))?.id ?? null,
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
      resolve: async (c, _args, context) => (await context.loaders.contacts.alpharun(c))?.custom_fields ?? [],
    }),
  }),
});

builder.objectFields(Contact, (t) => ({
  account: t.field({
    type: Account,
    nullable: true,
    resolve: (c, _args, context) =>
      whenReady(context.loaders.contacts.ctrlhub(c), (contact) => relatedAccount(context, contact?.relationships?.accounts?.data?.[0]?.id)),
  }),
  properties: t.field({
    type: [Property],
    nullable: true,
    description: "The properties of the contact's account.",
    resolve: async (c, _args, context) => {
      const accountId = (await context.loaders.contacts.ctrlhub(c))?.relationships?.accounts?.data?.[0]?.id;
      return accountId ? context.loaders.accounts.properties(ctrlhubAccount(accountId)) : [];
    },
  }),
  customerInteractions: t.connection(
    {
      type: AlpharunInteraction,
      nullable: true,
      description:
        "The Alpharun interactions of the contact's account (forward paging only). Empty when Alpharun does not know the contact.",
      resolve: (c, args, context) => {
        const ref = context.loaders.contacts.alpharunRef(c);
        return alpharunInteractionConnection(args, context, (cursor, limit) =>
          ref ? context.loaders.alpharun.page(ref, cursor, limit) : Promise.resolve(null),
        );
      },
    },
    AlpharunInteractionConnection,
  ),
}));

addParentInteractions(Contact, 'contact', (contact) => contact.ctrlHubId, "The contact's Ctrl-Hub interactions.");
addQueryById('contact', Contact, 'Contact', 'A contact by global id or raw Ctrl-Hub id.');
