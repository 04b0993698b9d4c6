import type { InteractionChanges, LinkName } from '../../loaders/index.js';
import { encodeOffsetCursor } from '../../pagination/cursor.js';
import type { InteractionResource } from '../../upstream/ctrlhub/types.js';
import { builder } from '../builder.js';
import type { GraphContext } from '../context.js';
import { CtrlHubInteraction, InteractionEdge } from '../refs.js';
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
  if (pointer === '/data/id') return 'id';
  const [root, section, name = ''] = pointer.split('/').slice(1);
  if (root !== 'data') return null;
  // Own keys only: a pointer is the upstream's text, and `constructor` is no attribute of ours.
  if (section === 'attributes') return Object.hasOwn(ATTRIBUTE_FIELDS, name) ? (ATTRIBUTE_FIELDS[name] ?? null) : null;
  if (section === 'relationships') return Object.hasOwn(LINKS, name) ? LINKS[name as LinkName].field : null;
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

/**
 * A date and time whose UTC form has no four-digit year cannot be written as ISO 8601 text
 * (`toISOString` gives `+010000-…`): `9999-12-31T23:30:00-01:00` went out as that and came back a 422.
 */
function dateTimeErrors(value: Date | null | undefined): UserError[] {
  if (!value) return [];
  const year = value.getUTCFullYear();
  return year >= 0 && year <= 9999
    ? []
    : [userError('dateTime', 'INVALID', 'dateTime must fall between 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z in UTC')];
}

/** The one record of a by-key read; an upstream failure is thrown, not taken for "unknown". */
async function loadOne<T>(load: (keys: readonly string[]) => Promise<readonly (T | null | Error)[]>, key: string): Promise<T | null> {
  const [found] = await load([key]);
  if (found instanceof Error) throw found;
  return found ?? null;
}

/** Contacts and accounts have documented by-id reads: an unknown one is refused before any write. */
async function unknownLinks(context: GraphContext, links: Partial<Record<LinkName, string>>): Promise<UserError[]> {
  const { contacts, accounts } = context.loaders;
  const [contact, account] = await Promise.all([
    links.contact ? loadOne((keys) => contacts.load(keys), links.contact) : true,
    links.account ? loadOne((keys) => accounts.load(keys), links.account) : true,
  ]);
  return (['contact', 'account'] as const)
    .filter((link) => !(link === 'contact' ? contact : account))
    .map((link) => userError(LINKS[link].field, 'NOT_FOUND', `Ctrl-Hub knows no ${LINKS[link].type} with this id`));
}

/** The interaction an update or re-link targets, or the user error saying why there is none. */
async function targetInteraction(
  context: GraphContext,
  id: string | number,
): Promise<{ interaction: InteractionResource } | { error: UserError }> {
  const opened = openCtrlHubId(id, 'CtrlHubInteraction', 'id');
  if ('error' in opened) return opened;
  const interaction = await loadOne((ids) => context.loaders.ctrlhubInteractions.load(ids), opened.id);
  return interaction ? { interaction } : { error: userError('id', 'NOT_FOUND', 'Ctrl-Hub knows no interaction with this id') };
}

type IdInput = string | number | null | undefined;

/** The Ctrl-Hub ids of the links given, or the user errors of the ones that cannot be. */
function openLinks(given: Record<LinkName, IdInput>): { links: Partial<Record<LinkName, string>>; errors: UserError[] } {
  const links: Partial<Record<LinkName, string>> = {};
  const errors: UserError[] = [];
  for (const link of LINK_ORDER) {
    const value = given[link];
    if (value === null || value === undefined) continue;
    const opened = openCtrlHubId(value, LINKS[link].type, LINKS[link].field);
    if ('error' in opened) errors.push(opened.error);
    else links[link] = opened.id;
  }
  return { links, errors };
}

/** `UNKNOWN` reads values the gateway cannot name; written, it would mean nothing. */
function unknownEnumValues(values: Record<'method' | 'direction' | 'status', string | null | undefined>): UserError[] {
  return Object.entries(values)
    .filter(([, value]) => value === 'unknown')
    .map(([field]) => userError(field, 'INVALID', '`UNKNOWN` stands for values the gateway cannot name; it cannot be written'));
}

/**
 * The id of an interaction just written, for its payload to read it as it now is. The payload reads
 * through the type's own per-request loader (Pothos's), which the loaders' forgetting after a write does
 * not reach: left alone, it answered a second aliased mutation of the same interaction with the state
 * the first had read.
 */
function readAgain(context: GraphContext, id: string): string {
  CtrlHubInteraction.getDataloader(context).clear(id);
  return id;
}

type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The fields every payload has: the interaction as it now is, and the input refused. */
const payloadFields = (description: string) => (t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, InteractionPayload>) => ({
  interaction: t.field({ type: CtrlHubInteraction, nullable: true, description, resolve: (payload) => payload.interaction }),
  userErrors: t.field({
    type: [UserErrorRef],
    description: 'Input that was refused; empty when the write was made.',
    resolve: (payload) => payload.userErrors,
  }),
});

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
      const { links, errors } = openLinks({
        representative: input.representativeId,
        contact: input.contactId,
        account: input.accountId,
        property: input.propertyId,
      });
      errors.push(...unknownEnumValues({ method: input.method, direction: input.direction, status: input.status }));
      errors.push(...dateTimeErrors(input.dateTime));
      if (errors.length > 0) return refused(errors);
      const unknown = await unknownLinks(context, links);
      if (unknown.length > 0) return refused(unknown);
      try {
        const created = await context.loaders.ctrlhubInteractions.create({
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
      ...payloadFields('The new interaction; null when the input was refused.')(t),
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
      errors.push(...dateTimeErrors(input.dateTime));
      const changes: InteractionChanges = {
        ...(input.dateTime ? { dateTime: isoDateTime(input.dateTime) } : {}),
        ...(typeof input.contacted === 'boolean' ? { contacted: input.contacted } : {}),
        ...(input.notes === undefined ? {} : { notes: input.notes }),
      };
      if (errors.length === 0 && Object.keys(changes).length === 0)
        errors.push(userError(null, 'INVALID', 'Give at least one of dateTime, contacted and notes'));
      if (errors.length > 0) return { interaction: null, userErrors: errors };
      const target = await targetInteraction(context, input.id);
      if ('error' in target) return { interaction: null, userErrors: [target.error] };
      const before = target.interaction;
      try {
        await context.loaders.ctrlhubInteractions.update(before, changes);
      } catch (error) {
        const userErrors = userErrorsOfRefusal(error, fieldOfPointer, 'id');
        if (userErrors) return { interaction: null, userErrors };
        throw error;
      }
      return { interaction: readAgain(context, before.id), userErrors: [] };
    },
  },
  {
    description: 'The interaction as it now is, or why it was not changed.',
    outputFields: (t) => payloadFields('The changed interaction; null when the input was refused.')(t),
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
      const given = {
        representative: input.representativeId,
        contact: input.contactId,
        account: input.accountId,
        property: input.propertyId,
      };
      const named = LINK_ORDER.filter((name) => given[name] !== null && given[name] !== undefined);
      const [link] = named;
      if (named.length !== 1 || !link)
        return {
          interaction: null,
          userErrors: [userError(null, 'INVALID', 'Give exactly one of representativeId, contactId, accountId and propertyId')],
        };
      const { links, errors } = openLinks(given);
      const relatedId = links[link];
      if (errors.length > 0 || !relatedId) return { interaction: null, userErrors: errors };
      const [target, unknown] = await Promise.all([targetInteraction(context, input.id), unknownLinks(context, links)]);
      if ('error' in target || unknown.length > 0)
        return { interaction: null, userErrors: ['error' in target ? [target.error] : [], unknown].flat() };
      const before = target.interaction;
      try {
        await context.loaders.ctrlhubInteractions.relink(before, link, relatedId);
      } catch (error) {
        // The interaction was just read, so a refusal concerns the record it was to be linked to.
        const { field } = LINKS[link];
        const userErrors = userErrorsOfRefusal(error, () => field, field);
        if (userErrors) return { interaction: null, userErrors };
        throw error;
      }
      return { interaction: readAgain(context, before.id), userErrors: [] };
    },
  },
  {
    description: 'The interaction as it now is, or why it was not changed.',
    outputFields: (t) => payloadFields('The re-linked interaction; null when the input was refused.')(t),
  },
);
