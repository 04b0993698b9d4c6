import type { IncomingHttpHeaders } from 'node:http';

/**
 * Why a request's body is refused before anything reads or drains it, or `undefined` when it may be
 * read. A POST declares its length (so a body is bounded before it is read) within `maxBytes`; any
 * other method carries no body, so one that declares a body (a length above 0, or a transfer
 * encoding) is refused. A refusal closes the connection rather than reading the rest of the body.
 */
export function bodyRefusal(
  method: string | undefined,
  headers: IncomingHttpHeaders,
  maxBytes: number,
): { status: number; message: string } | undefined {
  const length = headers['content-length'];
  const declared = length === undefined ? undefined : Number(length);
  if (method === 'POST') {
    if (declared === undefined || Number.isNaN(declared)) return { status: 411, message: 'A POST body needs a Content-Length header' };
    if (declared > maxBytes) return { status: 413, message: `The request body is larger than ${maxBytes} bytes` };
    return undefined;
  }
  if ((declared !== undefined && declared !== 0) || headers['transfer-encoding'] !== undefined) {
    return { status: 400, message: `A ${method} request carries no body; send GraphQL requests with a body as POST` };
  }
  return undefined;
}
