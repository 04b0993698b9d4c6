import type { UserResource } from '../upstream/ctrlhub/types.js';
import { builder } from './builder.js';
import { CtrlHubInteraction, InteractionConnection } from './ctrlhub-interaction.js';
import { localIdOf } from './global-id.js';
import { ctrlhubInteractionConnection } from './interaction-connections.js';

export const Representative = builder.loadableNode('Representative', {
  description: 'A Ctrl-Hub user who represents the organisation (also the author of interactions).',
  id: { resolve: (user: UserResource) => user.id },
  load: (ids: string[], context) => context.loaders.ctrlhub.users.loadMany(ids),
  fields: (t) => ({
    ctrlHubId: t.exposeString('id', { nullable: true, description: 'The user id in Ctrl-Hub.' }),
    email: t.string({ nullable: true, resolve: (u) => u.attributes?.email ?? null }),
    firstName: t.string({ nullable: true, resolve: (u) => u.attributes?.profile?.personal?.first_name ?? null }),
    lastName: t.string({ nullable: true, resolve: (u) => u.attributes?.profile?.personal?.last_name ?? null }),
    username: t.string({ nullable: true, resolve: (u) => u.attributes?.profile?.personal?.username ?? null }),
    occupation: t.string({ nullable: true, resolve: (u) => u.attributes?.profile?.work?.occupation ?? null }),
    mobile: t.string({ nullable: true, resolve: (u) => u.attributes?.profile?.contact?.mobile ?? null }),
    landline: t.string({ nullable: true, resolve: (u) => u.attributes?.profile?.contact?.landline ?? null }),
  }),
});

builder.objectFields(Representative, (t) => ({
  interactions: t.connection(
    {
      type: CtrlHubInteraction,
      nullable: true,
      description: 'Ctrl-Hub interactions this user represented.',
      resolve: (u, args, context, info) => ctrlhubInteractionConnection({ parent: 'representative', id: u.id }, args, context, info),
    },
    InteractionConnection,
  ),
}));

builder.queryFields((t) => ({
  representative: t.field({
    type: Representative,
    nullable: true,
    description: 'A representative by global id or raw Ctrl-Hub user id (found through their interactions).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }) => localIdOf(String(id), 'Representative'),
  }),
}));
