import { ctrlHubIdProblem, ctrlHubIdsOf } from '../../loaders/index.js';
import { idTextProblem, tryDecodeGlobalId, type NodeTypeName } from '../global-id.js';
import { userError, type UserError } from './user-errors.js';

/**
 * An id of a mutation input, opened like query arguments are (a global id of the expected type or a
 * raw Ctrl-Hub id), but refused as a user error on its field instead of a request error.
 */
export type OpenedId = { id: string } | { error: UserError };

export function openCtrlHubId(value: string | number, expected: NodeTypeName, field: string): OpenedId {
  const text = String(value).trim();
  if (text === '') return { error: userError(field, 'INVALID', 'An id is required here') };
  const problem = idTextProblem(text);
  if (problem) return { error: userError(field, 'INVALID', `This ${problem}`) };
  const opened = ctrlHubIdIn(text, expected, field);
  if ('error' in opened) return opened;
  // The record is read by this id as one path segment: an id that cannot be one (a dot segment would change the route) names none.
  const segment = ctrlHubIdProblem(opened.id);
  return segment ? { error: userError(field, 'INVALID', segment.charAt(0).toUpperCase() + segment.slice(1)) } : opened;
}

/** The Ctrl-Hub id `text` stands for: itself, or the id inside a global id of the expected type. */
function ctrlHubIdIn(text: string, expected: NodeTypeName, field: string): OpenedId {
  const decoded = tryDecodeGlobalId(text);
  if (decoded && decoded.typename !== expected)
    return { error: userError(field, 'WRONG_TYPE', `Expected the id of a node of type ${expected}, got one of type ${decoded.typename}`) };
  const local = decoded?.id ?? text;
  if (expected !== 'Contact' && expected !== 'Account') return { id: local };
  // A Contact or Account only Alpharun knows has no Ctrl-Hub id to link an interaction to. Its key
  // says so whether it came inside a global id or raw, as query arguments read a raw key too.
  const [ctrlHubId] = ctrlHubIdsOf([local]) ?? [];
  return ctrlHubId !== undefined
    ? { id: ctrlHubId }
    : { error: userError(field, 'NOT_FOUND', `This ${expected} exists only in Alpharun; Ctrl-Hub interactions link Ctrl-Hub records`) };
}
