import type { CodegenConfig } from '@graphql-codegen/cli';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './src/schema/index.js';

/**
 * `npm run codegen`: the SDL of the Pothos schema (sorted, committed) and typed documents for the
 * operations the tests and the GraphiQL examples use.
 */
const config: CodegenConfig = {
  // The SDL, not the module: codegen's loader cannot print the federation `@link` kept in the schema's
  // extensions. Subgraph SDL with directives is served at `_service { sdl }`.
  schema: printSchema(lexicographicSortSchema(schema)),
  documents: ['test/operations/**/*.graphql', 'src/server/graphiql-examples/**/*.graphql', 'bench/operations/**/*.graphql'],
  ignoreNoDocuments: true,
  generates: {
    'schema/schema.graphql': {
      plugins: ['schema-ast'],
      config: { sort: true, includeDirectives: false },
    },
    'test/__generated__/': {
      preset: 'client',
      // persisted-documents.json: the manifest for CTRLGRAPH_PERSISTED_OPERATIONS (sha256 of each operation).
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: {
        importExtension: '.js',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
