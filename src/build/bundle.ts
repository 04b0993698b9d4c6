/**
 * `npm run build`: the gateway and the simulator as one esbuild bundle in `dist/` (see
 * docs/operations.md), with the files it reads beside its code and the notices of the packages in it.
 */
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { packageDirectories, readBundledPackage, thirdPartyNotices } from './third-party-notices.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const { metafile } = await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts', 'src/simulator/main.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outbase: 'src',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  // Identifiers kept: stack traces and CPU profiles name the functions as the source does.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  // Packages written as CommonJS call `require`, which an ES module does not have.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
});

// GraphiQL's example operations are read at run time from beside the chunk that serves them.
cpSync(join(root, 'src/server/graphiql-examples'), join(dist, 'chunks/graphiql-examples'), { recursive: true });
writeFileSync(join(dist, 'package.json'), '{ "type": "module" }\n');

// The files whose code is in some chunk: a module esbuild read only for its types, or wholly shaken
// out, put nothing in the build.
const used = Object.values(metafile.outputs).flatMap((output) =>
  Object.entries(output.inputs).flatMap(([input, { bytesInOutput }]) => (bytesInOutput > 0 ? [input] : [])),
);
const bundled = packageDirectories(used);
writeFileSync(join(dist, 'THIRD-PARTY-NOTICES.txt'), thirdPartyNotices(bundled.map((directory) => readBundledPackage(root, directory))));
