import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GraphiQLOptions } from 'graphql-yoga';

const EXAMPLES_DIR = fileURLToPath(new URL('./graphiql-examples/', import.meta.url));

/** The example operations GraphiQL opens with, one tab each; they are type-checked by `npm run codegen`. */
export function graphiqlExampleTabs(): { query: string; variables?: string }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const query = readFileSync(`${EXAMPLES_DIR}${file}`, 'utf8');
      return file === 'node-refetch.graphql' ? { query, variables: '{ "id": "paste a global id here" }' } : { query };
    });
}

/**
 * GraphiQL with its assets inlined (works offline). The bundle is ~9 MB of script that costs ~80 MB
 * of memory once parsed, so it is loaded when a browser first asks for the page, not at start-up.
 */
export async function renderOfflineGraphiQL(options: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  return renderGraphiQL(options);
}
