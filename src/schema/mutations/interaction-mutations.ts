import type { InteractionChanges, LinkName } from '../../loaders/index.js';
import { encodeOffsetCursor } from '../../pagination/cursor.js';
import type { InteractionResource } from '../../upstream/ctrlhub/types.js';
import { builder } from '../builder.js';
import type { GraphContext } from '../context.js';
import { CtrlHubInteraction, InteractionEdge } from '../ctrlhub-interaction.js';
import { InteractionDirection, InteractionMethod, InteractionStatus } from '../enums.js';
import type { NodeTypeName } from '../global-id.js';
import { openCtrlHubId } from './input-ids.js';
import { userError, userErrorsOfRefusal, UserErrorRef, type UserError } from './user-errors.js';

/*
 * Ctrl-Hub's documented interaction writes as Relay mutations: one `input`, `clientMutationId` handed
 * back, and a payload holding what a Relay store needs to update itself (the interaction, and for a
 * create its edge), or user errors naming the input field at fault. Input that can be refused here
 * (ids of the wrong type, unknown interactions, contacts and accounts) is, with no write upstream.
 */

builder.mutationType({});

/** A write, its reads before it and its upstream round trip weigh more than a field read from memory. */
const WRITE_COMPLEXITY = 10;

/** Each relationship a write may set: its input field and the node type its id must be. */
const LINKS: Record<LinkName, { field: 'contactId' | 'accountId' | 'propertyId' | 'representativeId'; type: NodeTypeName }> = {
  contact: { field: 'contactId', type: 'Contact' },
  account: { field: 'accountId', type: 'Account' },
  property: { field: 'propertyId', type: 'Property' },
  representative: { field: 'representativeId', type: 'Representative' },
};
const LINK_ORDER: LinkName[] = ['representative', 'contact', 'account', 'property'];

/** Ctrl-Hub attribute names → input field names, for JSON:API `source.pointer`s. */
const ATTRIBUTE_FIELDS: Record<string, string> = {
  method: 'method',
  direction: 'direction',
  date_time: 'dateTime',
  contacted: 'contacted',
  status: 'status',
  notes: 'notes',
};

/** The input field a pointer into a create or update body names (`/data/attributes/date_time` → `dateTime`). */
function fieldOfPointer(pointer: string): string | null {
  const [, section, name] = pointer.split('/').slice(1);
  if (pointer === '/data/id') return 'id';
  if (pointer.startsWith('/data/attributes/') && section === 'attributes') return ATTRIBUTE_FIELDS[name ?? ''] ?? null;
  if (pointer.startsWith('/data/relationships/') && section === 'relationships') return LINKS[name as LinkName]?.field ?? null;
  return null;
}

type InteractionHandle = InteractionResource | string;

interface InteractionPayload {
  interaction: InteractionHandle | null;
  userErrors: UserError[];
}

interface LogInteractionPayload extends InteractionPayload {
  interactionEdge: { cursor: string; node: InteractionResource } | null;
}

const refused = (userErrors: UserError[]) => ({ interaction: null, interactionEdge: null, userErrors });

/** ISO 8601 to the second, as the contract writes it, unless the time has milliseconds. */
function isoDateTime(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

/** Contacts and accounts have documented by-id reads: an unknown one is refused before any write. */
async function unknownLinks(context: GraphContext, links: Partial<Record<LinkName, string>>): Promise<UserError[]> {
  const checks = await Promise.all([
    links.contact ? context.loaders.ctrlhub.contacts.load(links.contact).then((found) => (found ? [] : ['contact' as const])) : [],
    links.account ? context.loaders.ctrlhub.accounts.load(links.account).then((found) => (found ? [] : ['account' as const])) : [],
  ]);
  return checks.flat().map((link) => userError(LINKS[link].field, 'NOT_FOUND', `Ctrl-Hub knows no ${LINKS[link].type} with this id`));
}

/** The interaction an update or re-link targets, or the user error saying why there is none. */
async function targetInteraction(context: GraphContext, id: string | number): Promise<InteractionResource | UserError> {
  const opened = openCtrlHubId(id, 'CtrlHubInteraction', 'id');
  if ('error' in opened) return opened.error;
  const interaction = await context.loaders.ctrlhub.interactions.load(opened.id);
  return interaction ?? userError('id', 'NOT_FOUND', 'Ctrl-Hub knows no interaction with this id');
}

const interactionField = (description: string) => (t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, InteractionPayload>) =>
  ({
    interaction: t.field({ type: CtrlHubInteraction, nullable: true, description, resolve: (payload) => payload.interaction }),
    userErrors: t.field({
      type: [UserErrorRef],
      description: 'Input that was refused; empty when the write was made.',
      resolve: (payload) => payload.userErrors,
    }),
  }) as const;

type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

builder.relayMutationField(
  'logInteraction',
  {
    description: 'A new Ctrl-Hub interaction. Ids are global ids of the matching type or raw Ctrl-Hub ids.',
    inputFields: (t) => ({
      method: t.field({ type: InteractionMethod.ref, required: true }),
      direction: t.field({ type: InteractionDirection.ref, required: true }),
      dateTime: t.field({ type: 'DateTime', required: true }),
      contacted: t.boolean({ required: false }),
      status: t.field({ type: InteractionStatus.ref, required: false }),
      notes: t.string({ required: false }),
      contactId: t.id({ required: false }),
      accountId: t.id({ required: false }),
      propertyId: t.id({ required: false }),
      representativeId: t.id({ required: false }),
    }),
  },
  {
    nullable: true,
    complexity: WRITE_COMPLEXITY,
    description:
      'Logs an interaction (`POST`, sent once and never retried). When the answer is lost after sending, the error is `UPSTREAM_OUTCOME_UNKNOWN`: check before logging it again.',
    resolve: async (_root, { input }, context): Promise<LogInteractionPayload> => {
      const errors: UserError[] = [];
      const links: Partial<Record<LinkName, string>> = {};
      for (const link of LINK_ORDER) {
        const value = input[LINKS[link].field];
        if (value === null || value === undefined) continue;
        const opened = openCtrlHubId(value, LINKS[link].type, LINKS[link].field);
        if ('error' in opened) errors.push(opened.error);
        else links[link] = opened.id;
      }
      for (const [field, value] of [
        ['method', input.method],
        ['direction', input.direction],
        ['status', input.status],
      ] as const) {
        if (value === 'unknown')
          errors.push(userError(field, 'INVALID', '`UNKNOWN` stands for values the gateway cannot name; it cannot be written'));
      }
      if (errors.length > 0) return refused(errors);
      const unknown = await unknownLinks(context, links);
      if (unknown.length > 0) return refused(unknown);
      try {
        const created = await context.loaders.interactionWrites.create({
          method: input.method,
          direction: input.direction,
          dateTime: isoDateTime(input.dateTime),
          ...(input.contacted === null || input.contacted === undefined ? {} : { contacted: input.contacted }),
          ...(input.status === null || input.status === undefined ? {} : { status: input.status }),
          ...(input.notes === undefined ? {} : { notes: input.notes }),
          links,
        });
        // Ctrl-Hub documents no order for new interactions: the edge says "first", where @prependEdge puts it.
        return { interaction: created, interactionEdge: { cursor: encodeOffsetCursor({ offset: 0 }), node: created }, userErrors: [] };
      } catch (error) {
        // Properties and users have no documented by-id read: Ctrl-Hub itself says when one is unknown.
        const unchecked = (['property', 'representative'] as const).filter((link) => links[link]);
        const userErrors = userErrorsOfRefusal(
          error,
          fieldOfPointer,
          unchecked.length === 1 ? LINKS[unchecked[0] as LinkName].field : null,
        );
        if (userErrors) return refused(userErrors);
        throw error;
      }
    },
  },
  {
    description: 'The logged interaction and its edge, or why it was not logged.',
    outputFields: (t) => ({
      ...interactionField('The new interaction; null when the input was refused.')(t),
      interactionEdge: t.field({
        type: InteractionEdge,
        nullable: true,
        description: 'The new interaction as an edge, for `@prependEdge`/`@appendEdge` on the connections that show it.',
        resolve: (payload) => payload.interactionEdge,
      }),
    }),
  },
);

builder.relayMutationField(
  'updateInteraction',
  {
    description: 'Changes to an interaction: only what is given changes. `notes: null` clears the notes.',
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'The interaction: global id or raw Ctrl-Hub id.' }),
      dateTime: t.field({ type: 'DateTime', required: false }),
      contacted: t.boolean({ required: false }),
      notes: t.string({ required: false }),
    }),
  },
  {
    nullable: true,
    complexity: WRITE_COMPLEXITY,
    description: "Changes an interaction's date and time, whether the customer was contacted, or its notes (`PUT`).",
    resolve: async (_root, { input }, context): Promise<InteractionPayload> => {
      const errors: UserError[] = [];
      for (const [field, value] of [
        ['dateTime', input.dateTime],
        ['contacted', input.contacted],
      ] as const) {
        if (value === null) errors.push(userError(field, 'INVALID', `${field} cannot be cleared; leave it out to keep it`));
      }
      const changes: InteractionChanges = {
        ...(input.dateTime ? { dateTime: isoDateTime(input.dateTime) } : {}),
        ...(typeof input.contacted === 'boolean' ? { contacted: input.contacted } : {}),
        ...(input.notes === undefined ? {} : { notes: input.notes }),
      };
      if (errors.length === 0 && Object.keys(changes).length === 0)
        errors.push(userError(null, 'INVALID', 'Give at least one of dateTime, contacted and notes'));
      if (errors.length > 0) return { interaction: null, userErrors: errors };
      const before = await targetInteraction(context, input.id);
      if (!('id' in before && 'type' in before)) return { interaction: null, userErrors: [before] };
      try {
        await context.loaders.interactionWrites.update(before, changes);
      } catch (error) {
        const userErrors = userErrorsOfRefusal(error, fieldOfPointer, 'id');
        if (userErrors) return { interaction: null, userErrors };
        throw error;
      }
      return { interaction: before.id, userErrors: [] };
    },
  },
  {
    description: 'The interaction as it now is, or why it was not changed.',
    outputFields: (t) => interactionField('The changed interaction; null when the input was refused.')(t),
  },
);

builder.relayMutationField(
  'reassignInteraction',
  {
    description: 'Links an interaction to another record: exactly one of the ids, each a global id of its type or a raw Ctrl-Hub id.',
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'The interaction: global id or raw Ctrl-Hub id.' }),
      representativeId: t.id({ required: false, description: 'Hand the interaction to this representative.' }),
      contactId: t.id({ required: false }),
      accountId: t.id({ required: false }),
      propertyId: t.id({ required: false }),
    }),
  },
  {
    nullable: true,
    complexity: WRITE_COMPLEXITY,
    description: "Changes one of an interaction's relationships (`PATCH …/relationships/{name}`).",
    resolve: async (_root, { input }, context): Promise<InteractionPayload> => {
      const given = LINK_ORDER.filter((link) => input[LINKS[link].field] !== null && input[LINKS[link].field] !== undefined);
      const [link] = given;
      if (given.length !== 1 || !link)
        return {
          interaction: null,
          userErrors: [userError(null, 'INVALID', 'Give exactly one of representativeId, contactId, accountId and propertyId')],
        };
      const { field, type } = LINKS[link];
      const opened = openCtrlHubId(input[field] as string | number, type, field);
      if ('error' in opened) return { interaction: null, userErrors: [opened.error] };
      const [before, unknown] = await Promise.all([targetInteraction(context, input.id), unknownLinks(context, { [link]: opened.id })]);
      const errors = [...('id' in before && 'type' in before ? [] : [before]), ...unknown];
      if (errors.length > 0 || !('type' in before)) return { interaction: null, userErrors: errors };
      try {
        await context.loaders.interactionWrites.relink(before, link, opened.id);
      } catch (error) {
        // The interaction was just read, so a refusal concerns the record it was to be linked to.
        const userErrors = userErrorsOfRefusal(error, () => field, field);
        if (userErrors) return { interaction: null, userErrors };
        throw error;
      }
      return { interaction: before.id, userErrors: [] };
    },
  },
  {
    description: 'The interaction as it now is, or why it was not changed.',
    outputFields: (t) => interactionField('The re-linked interaction; null when the input was refused.')(t),
  },
);
