// Composes a supergraph from ctrlgraph's own OpenAPI documents: the setup a user would pick instead of ctrlgraph.
import { createPrefixTransform, defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('Ctrlhub', {
        source: '../../src/upstream/ctrlhub/openapi.yaml',
        endpoint: '{env.CTRLHUB_BASE_URL}',
        operationHeaders: { 'X-Session-Token': '{env.CTRLHUB_SESSION_TOKEN}' },
      }),
    },
    {
      sourceHandler: loadOpenAPISubgraph('Alpharun', {
        source: '../../src/upstream/alpharun/openapi.yaml',
        endpoint: '{env.ALPHARUN_BASE_URL}',
        operationHeaders: { Authorization: 'Bearer {env.ALPHARUN_API_TOKEN}' },
      }),
      // Both APIs call their by-id read `getInteraction`; Alpharun's root fields get a prefix.
      transforms: [createPrefixTransform({ value: 'alpharun_', includeRootOperations: true })],
    },
  ],
});
