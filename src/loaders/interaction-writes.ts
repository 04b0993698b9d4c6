import type { CtrlHubClient } from '../upstream/ctrlhub/client.js';
import type { InteractionResource } from '../upstream/ctrlhub/types.js';
import { LINK_NAMES, type InteractionChanges, type LinkName, type NewInteraction } from '../upstream/ctrlhub/writes.js';
import type { CtrlHubRecords } from './ctrlhub-records.js';
import type { InteractionLists } from './interaction-lists.js';
import type { InteractionParent } from './records.js';

export type { InteractionChanges, LinkName, NewInteraction } from '../upstream/ctrlhub/writes.js';

/** What a write changed: the interaction, and the records whose interaction lists it was or is in. */
export interface InteractionWrite {
  interactionId: string;
  parents: { parent: InteractionParent; id: string }[];
}

/**
 * Ctrl-Hub interaction writes for one GraphQL request. After each write, nothing this request holds
 * answers with the state from before it, and `onWrite` (the response cache) is told before the write returns.
 */
export interface InteractionWrites {
  create(interaction: NewInteraction): Promise<InteractionResource>;
  /** `before` is the interaction as read before the write: its relations' lists change too. */
  update(before: InteractionResource, changes: InteractionChanges): Promise<void>;
  relink(before: InteractionResource, link: LinkName, relatedId: string): Promise<void>;
}

type Parent = InteractionWrite['parents'][number];

/** The records whose interaction lists hold this interaction. */
function parentsOf(interaction: InteractionResource): Parent[] {
  return LINK_NAMES.flatMap((link) => {
    const id = interaction.relationships?.[link]?.data?.id;
    return id ? [{ parent: link, id }] : [];
  });
}

export interface InteractionWritesOptions {
  signal: AbortSignal;
  onWrite?: (write: InteractionWrite) => Promise<void>;
}

export function createInteractionWrites(
  ctrlhub: CtrlHubClient,
  records: CtrlHubRecords,
  lists: InteractionLists,
  { signal, onWrite }: InteractionWritesOptions,
): InteractionWrites {
  const call = { signal };

  /** Drops what this request holds of the interaction and its lists, then tells `onWrite`. */
  async function written(id: string, now: InteractionResource | null, parents: Parent[]): Promise<void> {
    records.rewrite(id, now);
    lists.forget();
    const unique = new Map(parents.map((parent) => [`${parent.parent}:${parent.id}`, parent]));
    await onWrite?.({ interactionId: id, parents: [...unique.values()] });
  }

  return {
    async create(interaction) {
      const created = await ctrlhub.createInteraction(interaction, call);
      await written(created.id, created, parentsOf(created));
      return created;
    },
    async update(before, changes) {
      const after = await ctrlhub.updateInteraction(before.id, changes, call);
      await written(before.id, after, [...parentsOf(before), ...(after ? parentsOf(after) : [])]);
    },
    async relink(before, link, relatedId) {
      await ctrlhub.relinkInteraction(before.id, link, relatedId, call);
      // The answer holds the linkage at most: the interaction (its new `updatedAt`) is read again when asked for.
      await written(before.id, null, [...parentsOf(before), { parent: link, id: relatedId }]);
    },
  };
}
