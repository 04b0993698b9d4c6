import { describeErrors, type GraphQLError } from './relay/errors';

/**
 * What a screen shows where a field's data would be when an error nulled it (see `useFieldErrors`):
 * the failure, with the gateway's message and code, rather than "none" or "not found".
 */
export function LoadFailure({ what, errors }: { what: string; errors: readonly GraphQLError[] }) {
  return (
    <p role="alert" className="error">
      {what} could not be loaded: {describeErrors(errors) || 'the gateway gave no reason.'}
    </p>
  );
}
