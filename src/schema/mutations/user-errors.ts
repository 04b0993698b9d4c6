import { UpstreamHttpError, type UpstreamProblem } from '../../upstream/http/errors.js';
import { builder } from '../builder.js';

/**
 * Typed user errors of the mutations: bad input a form can show next to its field. `field` is the
 * GraphQL input field's name (`contactId`, `dateTime`), never the upstream's member name.
 */
export type UserErrorCode = 'INVALID' | 'NOT_FOUND' | 'WRONG_TYPE';

export interface UserError {
  field: string | null;
  message: string;
  code: UserErrorCode;
}

export const UserErrorCodeRef = builder.enumType('UserErrorCode', {
  description: 'Why an input was refused.',
  values: {
    INVALID: { description: 'The value is not acceptable (missing, malformed, or refused by Ctrl-Hub).' },
    NOT_FOUND: { description: 'The id names no record Ctrl-Hub knows.' },
    WRONG_TYPE: { description: 'The id is the global id of another type of node.' },
  } as const,
});

export const UserErrorRef = builder.objectRef<UserError>('UserError').implement({
  description: 'Input that was refused, with the input field it concerns, so a form can show it in place.',
  fields: (t) => ({
    field: t.exposeString('field', {
      nullable: true,
      description: 'The input field at fault (`contactId`, `dateTime`, …); null when the error concerns the input as a whole.',
    }),
    message: t.exposeString('message'),
    code: t.expose('code', { type: UserErrorCodeRef }),
  }),
});

export function userError(field: string | null, code: UserErrorCode, message: string): UserError {
  return { field, code, message };
}

/** Statuses whose JSON:API errors describe the client's input, not a failure of the upstream. */
const INPUT_STATUSES = new Set([400, 404, 422]);

/**
 * The user errors an upstream refusal amounts to, or `undefined` when it is not about the input
 * (then it travels as an ordinary coded GraphQL error). `fieldOf` maps a JSON:API `source.pointer`
 * to an input field; `unpointed` names the field of a 404 that points nowhere, when only one could be meant.
 */
export function userErrorsOfRefusal(
  error: unknown,
  fieldOf: (pointer: string) => string | null,
  unpointed: string | null,
): UserError[] | undefined {
  if (!(error instanceof UpstreamHttpError) || !INPUT_STATUSES.has(error.status)) return undefined;
  const notFound = error.status === 404;
  const problems: UpstreamProblem[] = error.problems.length > 0 ? [...error.problems] : [{}];
  return problems.map((problem) => {
    const field = problem.pointer ? fieldOf(problem.pointer) : notFound ? unpointed : null;
    const because = problem.detail ?? problem.title;
    const message = notFound
      ? `Ctrl-Hub knows no record with this id${because ? ` (${because})` : ''}`
      : `Ctrl-Hub refused this value${because ? `: ${because}` : ''}`;
    return userError(field, notFound ? 'NOT_FOUND' : 'INVALID', message);
  });
}
