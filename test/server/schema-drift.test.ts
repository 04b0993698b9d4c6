import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

it('keeps the committed schema/schema.graphql identical to the Pothos schema (run `npm run codegen`)', () => {
  const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
  expect(printSchema(lexicographicSortSchema(schema)).trim()).toBe(committed.trim());
});

it('keeps the committed Relay artifacts in step with the schema and the client documents (run `npm run codegen`)', async () => {
  const compiler = createRequire(import.meta.url).resolve('relay-compiler/cli.js');
  // Exits non-zero when an artifact would change or a document no longer validates against the schema.
  await expect(
    promisify(execFile)(process.execPath, [compiler, '--validate'], { cwd: new URL('../..', import.meta.url) }),
  ).resolves.toBeDefined();
});

it('keeps the Relay example’s committed artifacts in step with the schema and its documents (run `npm run codegen`)', async () => {
  // The example's script joins schema/schema.graphql with the @defer/@stream declarations, then runs relay-compiler.
  await expect(
    promisify(execFile)('npm', ['run', 'relay', '--silent', '--', '--validate'], {
      cwd: new URL('../../examples/relay-ui', import.meta.url),
    }),
  ).resolves.toBeDefined();
});
