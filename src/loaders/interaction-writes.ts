import type { CtrlHubClient } from '../upstream/ctrlhub/client.js';
import { UpstreamOutcomeUnknownError } from '../upstream/http/errors.js';
import type { InteractionResource } from '../upstream/ctrlhub/types.js';
import { LINK_NAMES, type InteractionChanges, type LinkName, type NewInteraction } from '../upstream/ctrlhub/writes.js';
import type { CtrlHubResources } from './ctrlhub-resources.js';
import type { InteractionLists, InteractionParent } from './interaction-lists.js';

export type { InteractionChanges, LinkName, NewInteraction } from '../upstream/ctrlhub/writes.js';

/** What a write changed: the interaction, and the records whose interaction lists it was or is in. */
export interface InteractionWrite {
  /** Unknown for a create whose outcome is unknown: if it was applied, Ctrl-Hub chose an id nobody has seen. */
  interactionId: string | undefined;
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
  onWrite?: ((write: InteractionWrite) => Promise<void>) | undefined;
}

export function createInteractionWrites(
  ctrlhub: CtrlHubClient,
  resources: CtrlHubResources,
  lists: InteractionLists,
  { signal, onWrite }: InteractionWritesOptions,
): InteractionWrites {
  const call = { signal };

  /** Drops what this request holds of the interaction and its lists, then tells `onWrite`. */
  async function written(id: string | undefined, now: InteractionResource | null, parents: Parent[]): Promise<void> {
    if (id !== undefined) resources.rewrite(id, now);
    lists.forget();
    const unique = new Map(parents.map((parent) => [`${parent.parent}:${parent.id}`, parent]));
    await onWrite?.({ interactionId: id, parents: [...unique.values()] });
  }

  /**
   * Sends a write. One whose outcome is unknown may have been applied, so what it would have changed
   * is dropped all the same: a client told to check before sending it again must not read the state
   * from before it (from this request or from the response cache) and send it twice. So is one cut
   * short by its client leaving, which may have reached the upstream too.
   */
  async function send<T>(write: Promise<T>, mayHaveChanged: () => Promise<void>): Promise<T> {
    try {
      return await write;
    } catch (error) {
      if (error instanceof UpstreamOutcomeUnknownError || signal.aborted) await mayHaveChanged();
      throw error;
    }
  }

  return {
    async create(interaction) {
      const linked = LINK_NAMES.flatMap((link) => {
        const id = interaction.links?.[link];
        return id ? [{ parent: link, id }] : [];
      });
      const created = await send(ctrlhub.createInteraction(interaction, call), () => written(undefined, null, linked));
      await written(created.id, created, parentsOf(created));
      return created;
    },
    async update(before, changes) {
      const after = await send(ctrlhub.updateInteraction(before.id, changes, call), () => written(before.id, null, parentsOf(before)));
      await written(before.id, after, [...parentsOf(before), ...(after ? parentsOf(after) : [])]);
    },
    async relink(before, link, relatedId) {
      const parents = [...parentsOf(before), { parent: link, id: relatedId }];
      await send(ctrlhub.relinkInteraction(before.id, link, relatedId, call), () => written(before.id, null, parents));
      // The answer holds the linkage at most: the interaction (its new `updatedAt`) is read again when asked for.
      await written(before.id, null, parents);
    },
  };
}
