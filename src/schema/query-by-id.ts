import type { ObjectParam } from '@pothos/core';
import { builder } from './builder.js';
import { localIdOf, type NodeTypeName } from './global-id.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** `Query.<name>(id: ID!)`: one record by global id or raw Ctrl-Hub id, `null` when unknown. */
export function addQueryById(name: string, type: ObjectParam<Types>, typename: NodeTypeName, description: string): void {
  builder.queryField(name, (t) =>
    t.field({
      type,
      nullable: true,
      description,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, { id }) => localIdOf(String(id), typename),
    }),
  );
}
