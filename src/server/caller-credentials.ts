import type { CallerCredentials } from '../upstream/index.js';

/** Request headers through which a caller brings its own upstream credentials. */
export const CREDENTIAL_HEADERS = {
  ctrlhubSessionToken: 'x-ctrlhub-session-token',
  ctrlhubOrgId: 'x-ctrlhub-org-id',
  alpharunApiToken: 'x-alpharun-token',
} as const;

/** The credentials a request brings, or `undefined` when it brings none. */
export function callerCredentials(headers: Headers): CallerCredentials | undefined {
  const credentials: CallerCredentials = {};
  for (const [key, header] of Object.entries(CREDENTIAL_HEADERS) as [keyof CallerCredentials, string][]) {
    const value = headers.get(header)?.trim();
    if (value) credentials[key] = value;
  }
  return Object.keys(credentials).length > 0 ? credentials : undefined;
}
