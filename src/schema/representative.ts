import { addParentInteractions } from './parent-interactions.js';
import { addQueryById } from './query-by-id.js';
import { Representative } from './refs.js';

Representative.implement({
  description: 'A Ctrl-Hub user who represents the organisation (also the author of interactions).',
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

addParentInteractions(Representative, 'representative', (user) => user.id, 'Ctrl-Hub interactions this user represented.');
addQueryById(
  'representative',
  Representative,
  'Representative',
  'A representative by global id or raw Ctrl-Hub user id (found through their interactions).',
);
