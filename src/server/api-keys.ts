import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Route } from './routes.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Gateway access control: with keys configured, every request that executes GraphQL needs
 * `Authorization: Bearer <key>`. The GraphiQL page itself stays open; its queries need the key.
 * Which requests execute is the HTTP layer's one decision (`routes.ts`), never re-derived here.
 */
export function useApiKeys(keys: readonly string[]): Plugin<object, { route: Route }> {
  const accepted = keys.map(digest);
  return {
    onRequest({ request, serverContext, endResponse, fetchAPI }) {
      if (accepted.length === 0 || serverContext.route !== 'graphql') return;
      const presented = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim();
      const candidate = presented ? digest(presented) : undefined;
      if (candidate && accepted.some((key) => timingSafeEqual(key, candidate))) return;
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({
            errors: [
              {
                message: presented ? 'The API key is not valid' : 'An API key is required: send `Authorization: Bearer <key>`',
                extensions: { code: 'UNAUTHENTICATED' },
              },
            ],
          }),
          { status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' } },
        ),
      );
    },
  };
}
