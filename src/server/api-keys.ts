import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Gateway access control: with keys configured, a GraphQL request needs `Authorization: Bearer <key>`.
 * The GraphiQL page itself (a browser GET for HTML) stays open; its queries need the key.
 */
export function useApiKeys(keys: readonly string[], graphqlEndpoint: string): Plugin {
  const accepted = keys.map(digest);
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (accepted.length === 0 || url.pathname !== graphqlEndpoint) return;
      if (request.method === 'GET' && request.headers.get('accept')?.includes('text/html')) return;
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
