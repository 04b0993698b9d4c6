import type { ServerResponse } from 'node:http';
import type { ErrorCode } from '../errors/index.js';

/**
 * A GraphQL-shaped error written straight to node's response, for refusals made before Yoga sees the
 * request (body limits, admission control), so clients read them like any other GraphQL error.
 */
export function writeErrorResponse(
  response: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
