import { badUserInput } from '../errors/index.js';
import { UpstreamHttpError } from '../upstream/http/errors.js';

/*
 * What an upstream status means to the graph, decided here for both APIs. The clients report
 * statuses as they are; resolvers see `null`, a page, or a coded error.
 */

/** A 404 from either upstream is an absent record: `null`, not an error. */
export async function absentWhenNotFound<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof UpstreamHttpError && error.status === 404) return null;
    throw error;
  }
}

/** Alpharun cursors are opaque and expire: a 400 for a page with a cursor is the client's cursor to replace. */
export async function withExpiringCursor<T>(cursor: string | null, read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (cursor !== null && error instanceof UpstreamHttpError && error.status === 400) {
      throw badUserInput('Alpharun no longer accepts this `after` cursor (its cursors expire); page again from the start', 'after');
    }
    throw error;
  }
}
