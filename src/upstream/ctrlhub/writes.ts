import type { WriteMethod } from '../http/client.js';
import { UpstreamOutcomeUnknownError } from '../http/errors.js';
import type { InteractionCreateDocument, InteractionResource, InteractionUpdateDocument, ToOneLinkageDocument } from './types.js';

/**
 * Request bodies of the documented interaction writes (`upstreams/ctrlhub.md`, "Writes"), JSON:API 1.0.
 * The wire format lives here alone, so a change on the real API is a one-place fix.
 */

/** Every write is sent as JSON:API, with no media-type parameters (JSON:API 1.0 answers 415 otherwise). */
export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';
export const INTERACTION_TYPE = 'customer-interactions';

/** The relationships a write may set, and the resource type each one holds. */
export const LINKED_TYPES = {
  contact: 'contacts',
  account: 'customer-accounts',
  property: 'properties',
  representative: 'users',
} as const;
export type LinkName = keyof typeof LINKED_TYPES;
export const LINK_NAMES = Object.keys(LINKED_TYPES) as LinkName[];

export interface NewInteraction {
  method: string;
  direction: string;
  /** ISO 8601. */
  dateTime: string;
  contacted?: boolean;
  status?: string;
  notes?: string | null;
  /** Ids of the related records to link; only the ones given are sent. */
  links?: Partial<Record<LinkName, string>>;
}

/** The attributes an update may change; the ones left out keep their value upstream. */
export interface InteractionChanges {
  dateTime?: string;
  contacted?: boolean;
  notes?: string | null;
}

export function createInteractionBody(interaction: NewInteraction): InteractionCreateDocument {
  const attributes: InteractionCreateDocument['data']['attributes'] = {
    method: interaction.method,
    direction: interaction.direction,
    date_time: interaction.dateTime,
  };
  if (interaction.contacted !== undefined) attributes.contacted = interaction.contacted;
  if (interaction.status !== undefined) attributes.status = interaction.status;
  if (interaction.notes !== undefined) attributes.notes = interaction.notes;
  const relationships = Object.fromEntries(
    LINK_NAMES.flatMap((name) => {
      const id = interaction.links?.[name];
      return id === undefined ? [] : [[name, { data: { type: LINKED_TYPES[name], id } }]];
    }),
  );
  return {
    data: { type: INTERACTION_TYPE, attributes, ...(Object.keys(relationships).length > 0 ? { relationships } : {}) },
  };
}

export function updateInteractionBody(id: string, changes: InteractionChanges): InteractionUpdateDocument {
  const attributes: InteractionUpdateDocument['data']['attributes'] = {};
  if (changes.dateTime !== undefined) attributes.date_time = changes.dateTime;
  if (changes.contacted !== undefined) attributes.contacted = changes.contacted;
  if (changes.notes !== undefined) attributes.notes = changes.notes;
  return { data: { type: INTERACTION_TYPE, id, attributes } };
}

export function relinkBody(link: LinkName, id: string): ToOneLinkageDocument {
  return { data: { type: LINKED_TYPES[link], id } };
}

/**
 * The interaction of a write's answer document. Taken (2xx) but answered without it, the write may
 * have been applied: what Ctrl-Hub now holds is as unknown as when the answer is lost.
 */
export function writtenInteraction(body: unknown, method: WriteMethod): InteractionResource {
  const data = body && typeof body === 'object' && 'data' in body ? body.data : undefined;
  if (
    !data ||
    typeof data !== 'object' ||
    typeof (data as { id?: unknown }).id !== 'string' ||
    (data as { type?: unknown }).type !== INTERACTION_TYPE
  ) {
    throw new UpstreamOutcomeUnknownError('ctrlhub', method, 'answered without the interaction');
  }
  return data as InteractionResource;
}
