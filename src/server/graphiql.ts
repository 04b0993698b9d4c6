import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GraphiQLOptions } from 'graphql-yoga';

const EXAMPLES_DIR = fileURLToPath(new URL('./graphiql-examples/', import.meta.url));

/** Variables a tab opens with, for the examples that need some. */
const TAB_VARIABLES: Record<string, string> = {
  'node-refetch.graphql': '{ "id": "paste a global id here" }',
  'log-interaction.graphql': JSON.stringify(
    {
      input: {
        clientMutationId: 'graphiql-1',
        method: 'TELEPHONE',
        direction: 'OUTBOUND',
        dateTime: '2026-12-02T10:15:00Z',
        contacted: true,
        status: 'COMPLETED',
        notes: 'Called about the planned outage',
      },
    },
    null,
    2,
  ),
};

/** The example operations GraphiQL opens with, one tab each; they are type-checked by `npm run codegen`. */
export function graphiqlExampleTabs(): { query: string; variables?: string }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const query = readFileSync(`${EXAMPLES_DIR}${file}`, 'utf8');
      const variables = TAB_VARIABLES[file];
      return variables ? { query, variables } : { query };
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
