import { ctrlHubIdsOf } from '../../loaders/index.js';
import { idTextProblem, tryDecodeGlobalId, type NodeTypeName } from '../global-id.js';
import { userError, type UserError } from './user-errors.js';

/**
 * An id of a mutation input, opened like query arguments are (a global id of the expected type or a
 * raw Ctrl-Hub id), but refused as a user error on its field instead of a request error.
 */
export type OpenedId = { id: string } | { error: UserError };

/** The ids an input's record is read by: one path segment each, so a dot segment names no record (it would change the route). */
const asPathSegment = (id: string, field: string): OpenedId =>
  id === '.' || id === '..' ? { error: userError(field, 'INVALID', `"${id}" is not an id: it would change the upstream path`) } : { id };

export function openCtrlHubId(value: string | number, expected: NodeTypeName, field: string): OpenedId {
  const text = String(value).trim();
  if (text === '') return { error: userError(field, 'INVALID', 'An id is required here') };
  const problem = idTextProblem(text);
  if (problem) return { error: userError(field, 'INVALID', `This ${problem}`) };
  const decoded = tryDecodeGlobalId(text);
  if (!decoded) return asPathSegment(text, field);
  if (decoded.typename !== expected)
    return { error: userError(field, 'WRONG_TYPE', `Expected the id of a node of type ${expected}, got one of type ${decoded.typename}`) };
  if (expected !== 'Contact' && expected !== 'Account') return asPathSegment(decoded.id, field);
  // A Contact or Account only Alpharun knows has no Ctrl-Hub id to link an interaction to.
  const [ctrlHubId] = ctrlHubIdsOf([decoded.id]) ?? [];
  return ctrlHubId
    ? asPathSegment(ctrlHubId, field)
    : { error: userError(field, 'NOT_FOUND', `This ${expected} exists only in Alpharun; Ctrl-Hub interactions link Ctrl-Hub records`) };
}
