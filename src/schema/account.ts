import { accountKey } from '../loaders/index.js';
import { alpharunInteractionConnection } from './interaction-connections.js';
import { addParentInteractions } from './parent-interactions.js';
import { addQueryById } from './query-by-id.js';
import { Account, AlpharunInteraction, AlpharunInteractionConnection, Contact, Property } from './refs.js';

Account.implement({
  description: "A customer account: Ctrl-Hub's `customer-accounts`, which Alpharun names by `ext_id`.",
  fields: (t) => ({
    ctrlHubId: t.exposeString('ctrlHubId', { nullable: true, description: 'The id in Ctrl-Hub; null for an account only Alpharun knows.' }),
    alpharunId: t.string({
      nullable: true,
      description:
        'The id in Alpharun; known when the account was reached through Alpharun or one of its contacts has Alpharun interactions.',
      resolve: (a, _args, { loaders }) => loaders.accounts.alpharunId(a),
    }),
    contacts: t.field({ type: [Contact], nullable: true, resolve: (a, _args, { loaders }) => loaders.accounts.contacts(a) }),
    properties: t.field({ type: [Property], nullable: true, resolve: (a, _args, { loaders }) => loaders.accounts.properties(a) }),
    customerInteractions: t.connection(
      {
        type: AlpharunInteraction,
        nullable: true,
        description: "The account's Alpharun interactions (forward paging only), read through one of its contacts.",
        resolve: (a, args, context) =>
          alpharunInteractionConnection(`Account ${accountKey(a)}`, args, context, (cursor, limit) =>
            context.loaders.accounts.customerInteractions(a, cursor, limit),
          ),
      },
      AlpharunInteractionConnection,
    ),
  }),
});

addParentInteractions(Account, 'account', (account) => account.ctrlHubId, "The account's Ctrl-Hub interactions.");
addQueryById('account', Account, 'Account', 'An account by global id or raw Ctrl-Hub id.');
