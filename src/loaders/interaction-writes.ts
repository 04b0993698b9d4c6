import type { CtrlHubClient } from '../upstream/ctrlhub/client.js';
import { UpstreamOutcomeUnknownError } from '../upstream/http/errors.js';
import type { InteractionResource } from '../upstream/ctrlhub/types.js';
import type { InteractionChanges, LinkName, NewInteraction } from '../upstream/ctrlhub/writes.js';
import type { CtrlHubResources } from './ctrlhub-resources.js';
import type { InteractionLists } from './interaction-lists.js';

export type { InteractionChanges, LinkName, NewInteraction } from '../upstream/ctrlhub/writes.js';

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

export interface InteractionWritesOptions {
  signal: AbortSignal;
  /** Told after every write, or one that may have been applied; awaited before the write returns. */
  onWrite?: (() => Promise<void>) | undefined;
}

export function createInteractionWrites(
  ctrlhub: CtrlHubClient,
  resources: CtrlHubResources,
  lists: InteractionLists,
  { signal, onWrite }: InteractionWritesOptions,
): InteractionWrites {
  const call = { signal };

  /**
   * Drops what this request holds of the interaction (`id` unknown for a create whose outcome is unknown)
   * and every list, then tells `onWrite`.
   */
  async function written(id: string | undefined, now: InteractionResource | null): Promise<void> {
    if (id !== undefined) resources.rewrite(id, now);
    lists.forget();
    await onWrite?.();
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
      const created = await send(ctrlhub.createInteraction(interaction, call), () => written(undefined, null));
      await written(created.id, created);
      return created;
    },
    async update(before, changes) {
      const after = await send(ctrlhub.updateInteraction(before.id, changes, call), () => written(before.id, null));
      await written(before.id, after);
    },
    async relink(before, link, relatedId) {
      await send(ctrlhub.relinkInteraction(before.id, link, relatedId, call), () => written(before.id, null));
      // The answer holds the linkage at most: the interaction (its new `updatedAt`) is read again when asked for.
      await written(before.id, null);
    },
  };
}
