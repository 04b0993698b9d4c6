import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import type { Route } from './routes.js';

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

/** The page last rendered, and the options it was rendered with. */
let rendered: { options: string; page: Promise<string> } | undefined;

/** What a browser gets when GraphiQL's bundle cannot be loaded: a line to read, not Node's stack and the server's paths. */
const UNAVAILABLE_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>GraphiQL unavailable</title></head>' +
  '<body><p>GraphiQL could not be loaded on this server (see its log). The GraphQL endpoint still answers POST requests.</p></body></html>';

/**
 * GraphiQL with its assets inlined (works offline). The bundle is ~9 MB of script that costs ~80 MB
 * of memory once parsed, so it is loaded when a browser first asks for the page, not at start-up.
 * The page is built once for the gateway's options: built on every request, 20 requests for an
 * open page took 1.9 s of the process's time.
 *
 * Loaded on first use, its chunk of the build can be missing when the browser asks (a deploy that
 * replaced `dist/` under the running process): `onFailure` hears of it, the browser gets a page that
 * says so, and the next request tries again.
 */
export function offlineGraphiQL(onFailure: (error: unknown) => void): (options: GraphiQLOptions) => Promise<string> {
  return (options) => {
    const key = JSON.stringify(options);
    if (rendered?.options !== key) {
      const page = import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => renderGraphiQL(options));
      page.catch(() => {
        if (rendered?.page === page) rendered = undefined;
      });
      rendered = { options: key, page };
    }
    return rendered.page.catch((error: unknown) => {
      onFailure(error);
      return UNAVAILABLE_PAGE;
    });
  };
}

/**
 * The GraphiQL page may not be framed by another site: framed, a page could steer a user's clicks
 * into running operations (a mutation tab is among the examples).
 */
export function useGraphiQLFraming(): Plugin<object, { route: Route }> {
  return {
    onResponse({ serverContext, response }) {
      if (serverContext.route !== 'graphiql') return;
      response.headers.set('content-security-policy', "frame-ancestors 'none'");
      response.headers.set('x-frame-options', 'DENY');
    },
  };
}
