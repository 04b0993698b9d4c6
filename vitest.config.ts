import { fileURLToPath } from 'node:url';
import relay from 'vite-plugin-relay';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // babel-plugin-relay turns the graphql`` tags of test/clients/relay into imports of relay-compiler's artifacts.
  plugins: [relay],
  resolve: {
    // One copy of graphql for every import, or its instanceof checks fail across "realms".
    alias: { graphql: fileURLToPath(import.meta.resolve('graphql')) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build.ts'],
    setupFiles: ['test/support/fast-check.ts'],
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test/artifacts/vitest-report.json' }]],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
