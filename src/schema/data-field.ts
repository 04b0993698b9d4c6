import { GraphQLError } from 'graphql';
import type { AlpharunDataField } from '../upstream/alpharun/types.js';
import { builder } from './builder.js';
import { valueDepth } from './json-depth.js';

/**
 * How deeply a field's raw value may nest. Serialising the answer recurses once per level: a value
 * nested 20,000 deep overflowed the stack there and cost the client the whole answer, not one field.
 */
const MAX_VALUE_DEPTH = 100;

function rawValue(field: AlpharunDataField): unknown {
  const value = field.value ?? null;
  if (valueDepth(value, MAX_VALUE_DEPTH) > MAX_VALUE_DEPTH) {
    throw new GraphQLError(
      `Alpharun gave this field a value nested more than ${MAX_VALUE_DEPTH} levels deep, which the answer cannot carry`,
      {
        extensions: { code: 'UPSTREAM_ERROR', upstream: 'alpharun' },
      },
    );
  }
  return value;
}

/** An Alpharun extraction or custom field. `value` is raw JSON; the typed accessors are set only when `type` matches. */
export const DataField = builder.objectRef<AlpharunDataField>('DataField').implement({
  description: 'A typed key/value field from Alpharun (data extraction fields, contact custom fields).',
  fields: (t) => ({
    key: t.exposeString('key'),
    name: t.string({ description: 'Human-readable name.', resolve: (field) => field.name ?? field.display_name ?? field.key }),
    type: t.exposeString('type', { description: 'Alpharun type: `number`, `boolean`, `text`, or another string passed through as given.' }),
    value: t.field({ type: 'JSON', nullable: true, resolve: rawValue }),
    numberValue: t.float({
      nullable: true,
      resolve: (field) => (field.type === 'number' && typeof field.value === 'number' ? field.value : null),
    }),
    booleanValue: t.boolean({
      nullable: true,
      resolve: (field) => (field.type === 'boolean' && typeof field.value === 'boolean' ? field.value : null),
    }),
    textValue: t.string({
      nullable: true,
      resolve: (field) => (field.type === 'text' && typeof field.value === 'string' ? field.value : null),
    }),
  }),
});
