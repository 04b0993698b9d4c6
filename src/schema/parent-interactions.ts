import type { ObjectParam, ParentShape } from '@pothos/core';
import type { InteractionParent } from '../loaders/index.js';
import { builder } from './builder.js';
import { CtrlHubInteraction, InteractionConnection } from './ctrlhub-interaction.js';
import { ctrlhubInteractionConnection, emptyConnection } from './interaction-connections.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * `interactions` on a type whose Ctrl-Hub interactions can be filtered by it (`contact_in`, …).
 * A record Ctrl-Hub does not know (reached only through Alpharun) has none, at no cost.
 */
export function addParentInteractions<Type extends ObjectParam<Types>>(
  type: Type,
  parent: InteractionParent,
  ctrlHubIdOf: (record: ParentShape<Types, Type>) => string | null,
  description: string,
): void {
  builder.objectField(type, 'interactions', (t) =>
    t.connection(
      {
        type: CtrlHubInteraction,
        nullable: true,
        description,
        resolve: (record, args, context, info) => {
          const id = ctrlHubIdOf(record);
          return id ? ctrlhubInteractionConnection({ parent, id }, args, context, info) : emptyConnection();
        },
      },
      InteractionConnection,
    ),
  );
}
