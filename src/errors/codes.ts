/**
 * Every `extensions.code` the gateway sends, with what it tells a client. One registry: the type
 * checks the places that write a code, and a test checks the README's table and the source against it.
 */
export const ERROR_CODES = {
  BAD_USER_INPUT:
    'An argument or a variable is wrong (page size, a cursor malformed or of another list, id of another type, a filter too long for one upstream request, a value of the wrong type or missing, values nested too deeply); `extensions.argument` names the field argument when the error is about one.',
  BAD_REQUEST:
    'The HTTP request is malformed: no `Content-Length`, body too large, unreadable GraphQL parameters, a body on a method other than POST, no CSRF header (403), a mutation over GET (405).',
  GRAPHQL_PARSE_FAILED:
    'The document is not valid GraphQL syntax, or has more tokens than `CTRLGRAPH_MAX_TOKENS` or brackets nested deeper than four times `CTRLGRAPH_MAX_DEPTH`.',
  GRAPHQL_VALIDATION_FAILED:
    'The document does not fit the schema, or exceeds the depth, alias, directive or mutation limits (HTTP 400 for `application/graphql-response+json` clients).',
  OPERATION_RESOLUTION_FAILURE: 'The document holds no operation named by `operationName` (or several and no name, or none at all).',
  QUERY_TOO_COMPLEX: 'The query would cost more than `CTRLGRAPH_MAX_COST`; ask for smaller pages.',
  UNAUTHENTICATED: 'No valid API key was sent, or an upstream refused the credentials (401/403, with `extensions.upstream`).',
  UPSTREAM_ERROR: 'An upstream failed to answer a field; `extensions.upstream` and `extensions.status` say which and how.',
  UPSTREAM_TIMEOUT: 'An upstream did not answer within its timeout.',
  UPSTREAM_RATE_LIMITED: 'An upstream is rate limiting; `extensions.retryAfterSeconds` when it said how long.',
  UPSTREAM_UNAVAILABLE: "An upstream's circuit breaker is open after repeated failures; calls resume shortly.",
  UPSTREAM_BUDGET_EXCEEDED:
    'The request needed more upstream calls than `CTRLGRAPH_MAX_UPSTREAM_REQUESTS` allows; the fields past it are null.',
  NOT_FOUND: 'Nothing is served at this path (an HTTP 404); GraphQL is at `/graphql`.',
  UPSTREAM_OUTCOME_UNKNOWN:
    'A write was sent to an upstream and its answer was lost (connection dropped, deadline passed): it may or may not have been applied. Check before sending it again.',
  REQUEST_ABORTED: 'The client left or the request deadline passed; the upstream work was stopped.',
  RATE_LIMITED: 'The caller sent more requests than `CTRLGRAPH_RATE_LIMIT` allows (HTTP 429); retry after `Retry-After`.',
  SERVICE_UNAVAILABLE: 'The gateway is at capacity (admission control); retry after `Retry-After`.',
  NOT_ACCEPTABLE: '`@defer`/`@stream` asked for without an `Accept` header that allows incremental delivery.',
  PERSISTED_QUERY_NOT_FOUND: 'An APQ hash the gateway has not stored yet; resend it with the query text.',
  PERSISTED_QUERY_HASH_MISMATCH: 'An APQ hash that is not the SHA-256 of the query text sent with it.',
  PERSISTED_QUERY_ONLY: 'Persisted-only mode: query text is refused, send a persisted document id.',
  PERSISTED_QUERY_ID_REQUIRED: 'Persisted-only mode: the request names no persisted document.',
  PERSISTED_QUERY_NOT_IN_LIST: 'Persisted-only mode: the id is not in the manifest.',
  INTERNAL_SERVER_ERROR: 'An unexpected failure, logged by the gateway; the message is masked.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
