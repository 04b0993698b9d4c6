import { createGraphQLError } from 'graphql-yoga';
import { segmentProblem } from '../upstream/http/path-segment.js';
import type { CallerCredentials } from '../upstream/index.js';

/** Request headers through which a caller brings its own upstream credentials. */
export const CREDENTIAL_HEADERS = {
  ctrlhubSessionToken: 'x-ctrlhub-session-token',
  ctrlhubOrgId: 'x-ctrlhub-org-id',
  alpharunApiToken: 'x-alpharun-token',
} as const;

/**
 * The credentials a request brings, or `undefined` when it brings none. An org id comes only with
 * the session token that may read it: alone, it would borrow the gateway's own token for another
 * org. Such a request, or one whose org id could not be one URL path segment, is refused whole.
 */
export function callerCredentials(headers: Headers): CallerCredentials | undefined {
  const credentials: CallerCredentials = {};
  for (const [key, header] of Object.entries(CREDENTIAL_HEADERS) as [keyof CallerCredentials, string][]) {
    const value = headers.get(header)?.trim();
    if (value) credentials[key] = value;
  }
  if (credentials.ctrlhubOrgId !== undefined) {
    if (credentials.ctrlhubSessionToken === undefined) {
      throw refused(
        `\`${CREDENTIAL_HEADERS.ctrlhubOrgId}\` needs \`${CREDENTIAL_HEADERS.ctrlhubSessionToken}\`: send the session token of that org too`,
      );
    }
    const problem = segmentProblem(credentials.ctrlhubOrgId, 'org id');
    if (problem) throw refused(`\`${CREDENTIAL_HEADERS.ctrlhubOrgId}\` is not a valid org id (${problem})`);
  }
  return Object.keys(credentials).length > 0 ? credentials : undefined;
}

function refused(message: string) {
  return createGraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
