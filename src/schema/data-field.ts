import type { AlpharunDataField } from '../upstream/alpharun/types.js';
import { builder } from './builder.js';

/** An Alpharun extraction or custom field. `value` is raw JSON; the typed accessors are set only when `type` matches. */
export const DataField = builder.objectRef<AlpharunDataField>('DataField').implement({
  description: 'A typed key/value field from Alpharun (data extraction fields, contact custom fields).',
  fields: (t) => ({
    key: t.exposeString('key'),
    name: t.string({ description: 'Human-readable name.', resolve: (field) => field.name ?? field.display_name ?? field.key }),
    type: t.exposeString('type', { description: 'Alpharun type: `number`, `boolean`, `text`, or another string passed through as given.' }),
    value: t.field({ type: 'JSON', nullable: true, resolve: (field) => field.value ?? null }),
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
