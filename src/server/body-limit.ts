import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

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

/**
 * A POST's whole body, read before the request takes its place in the admission queue: a client
 * sending its body slowly would otherwise hold a place for as long as the request deadline allows,
 * and sixteen of them stopped every GraphQL request. The length was checked by `bodyRefusal`, and
 * Node's own request timeout ends a body that never completes. `undefined` when the client left.
 */
export function receiveBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    const take = (chunk: Buffer) => chunks.push(chunk);
    const left = () => resolve(undefined);
    request.on('data', take);
    request.once('end', () => {
      request.off('data', take);
      request.off('close', left);
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      // The listeners' closure would otherwise keep every chunk as long as the request: the body twice.
      chunks = [];
      resolve(body);
    });
    request.once('close', left);
    request.once('error', left);
  });
}

/**
 * Bytes of request bodies held before their requests execute: being received, or read and waiting in
 * the admission queue. A waiting body once stayed in the kernel's buffers, under TCP flow control;
 * read first, it is in the heap, and a hundred 1 MB bodies behind one slow request took 200 MB. A body
 * that would pass the budget is refused rather than read; one body is always allowed.
 */
export interface BodyBudget {
  /** Holds `bytes` until the returned release is called (once is enough), or `undefined` past the budget. */
  reserve(bytes: number): (() => void) | undefined;
}

export function createBodyBudget(maxBytes: number): BodyBudget {
  let held = 0;
  return {
    reserve(bytes) {
      if (held > 0 && held + bytes > maxBytes) return undefined;
      held += bytes;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held -= bytes;
      };
    },
  };
}

/**
 * Hands a body already read to Yoga's Node adapter, which takes a request's `body` as read by a
 * framework in front of it instead of reading the stream again. Wrapped as an async iterable of one
 * chunk: the adapter tests that body with `Object.keys`, which for a Buffer lists every byte's index
 * (34 µs for a 700-byte query, 400 ms for a 1 MB body).
 */
export function withReceivedBody(request: IncomingMessage, body: Buffer): void {
  const received = {
    length: body.length,
    async *[Symbol.asyncIterator]() {
      yield body;
    },
  };
  (request as IncomingMessage & { body?: typeof received }).body = received;
}
