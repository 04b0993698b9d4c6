import type { ObjectParam, ParentShape } from '@pothos/core';
import type { InteractionParent } from '../loaders/index.js';
import { builder } from './builder.js';
import { ctrlhubInteractionConnection } from './interaction-connections.js';
import { CtrlHubInteraction, InteractionConnection } from './refs.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * `interactions` on a type whose Ctrl-Hub interactions can be filtered by it (`contact_in`, …).
 * A node without a Ctrl-Hub id (reached only through Alpharun) has none, at no cost.
 */
export function addParentInteractions<Type extends ObjectParam<Types>>(
  type: Type,
  parent: InteractionParent,
  ctrlHubIdOf: (node: ParentShape<Types, Type>) => string | null,
  description: string,
): void {
  builder.objectField(type, 'interactions', (t) =>
    t.connection(
      {
        type: CtrlHubInteraction,
        nullable: true,
        description,
        resolve: (node, args, context, info) => ctrlhubInteractionConnection({ parent, id: ctrlHubIdOf(node) }, args, context, info),
      },
      InteractionConnection,
    ),
  );
}
