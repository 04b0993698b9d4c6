import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
