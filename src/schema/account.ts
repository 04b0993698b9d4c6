import { parseRecordKey, recordKey, whenReady, type AccountRecord } from '../loaders/index.js';
import { AlpharunInteraction, AlpharunInteractionConnection } from './alpharun-interaction.js';
import { builder } from './builder.js';
import { addParentInteractions } from './parent-interactions.js';
import { addQueryById } from './query-by-id.js';
import { Contact } from './contact.js';
import { alpharunInteractionConnection } from './interaction-connections.js';
import { Property } from './property.js';
import { ctrlhubAccount, relatedContact } from './related.js';

export const Account = builder.loadableNode('Account', {
  description: "A customer account: Ctrl-Hub's `customer-accounts`, which Alpharun names by `ext_id`.",
  id: { resolve: (account: AccountRecord) => recordKey({ ctrlHubId: account.ctrlHubId, alpharunId: account.alpharun?.id }) },
  load: (keys: string[], context) =>
    Promise.all(
      keys.map(async (key): Promise<AccountRecord | null> => {
        const parsed = parseRecordKey(key);
        if ('alpharunId' in parsed) return { ctrlHubId: null, alpharun: { id: parsed.alpharunId, ext_id: null }, alpharunContacts: [] };
        return (await context.loaders.ctrlhub.accounts.load(parsed.ctrlHubId)) ? ctrlhubAccount(parsed.ctrlHubId) : null;
      }),
    ),
  fields: (t) => ({
    ctrlHubId: t.string({
      nullable: true,
      description: 'The id in Ctrl-Hub; null for an account only Alpharun knows.',
      resolve: (a) => a.ctrlHubId,
    }),
    alpharunId: t.string({
      nullable: true,
      description:
        'The id in Alpharun; known when the account was reached through Alpharun or one of its contacts has Alpharun interactions.',
      resolve: async (a, _args, context) =>
        a.alpharun?.id ?? (await context.loaders.accounts.alpharunPage(a, null, 1))?.interactions[0]?.account?.id ?? null,
    }),
  }),
});

builder.objectFields(Account, (t) => ({
  contacts: t.field({
    type: [Contact],
    nullable: true,
    resolve: (a, _args, context) =>
      whenReady(context.loaders.accounts.ctrlhub(a), (account) =>
        (account?.relationships?.contacts?.data ?? []).map((contact) => relatedContact(context, contact.id) ?? contact.id),
      ),
  }),
  properties: t.field({
    type: [Property],
    nullable: true,
    resolve: (a, _args, context) => context.loaders.accounts.properties(a),
  }),
  customerInteractions: t.connection(
    {
      type: AlpharunInteraction,
      nullable: true,
      description: "The account's Alpharun interactions (forward paging only), read through one of its contacts.",
      resolve: (a, args, context) =>
        alpharunInteractionConnection(args, context, (cursor, limit) => context.loaders.accounts.alpharunPage(a, cursor, limit)),
    },
    AlpharunInteractionConnection,
  ),
}));

addParentInteractions(Account, 'account', (account) => account.ctrlHubId, "The account's Ctrl-Hub interactions.");
addQueryById('account', Account, 'Account', 'An account by global id or raw Ctrl-Hub id.');
