import { readFileSync } from 'node:fs';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

it('keeps the committed schema/schema.graphql identical to the Pothos schema (run `npm run codegen`)', () => {
  const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
  expect(printSchema(lexicographicSortSchema(schema)).trim()).toBe(committed.trim());
});
