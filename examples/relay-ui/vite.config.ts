import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import relay from 'vite-plugin-relay';

export default defineConfig({
  // The gateway serves the build at /ui/ (CTRLGRAPH_UI_DIR); `npm run dev` proxies /graphql to a gateway on :4000.
  base: '/ui/',
  plugins: [react(), relay],
  server: { proxy: { '/graphql': 'http://localhost:4000' } },
  // React and Relay make one ~530 kB chunk (145 kB gzipped): fine for an example, so no warning about it.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 600 },
});
