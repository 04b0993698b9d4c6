import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ConnectionHandler, graphql, useFragment, useMutation } from 'react-relay';
import { ROOT_ID } from 'relay-runtime';
import type { LogInteractionForm_contact$key } from '../__generated__/LogInteractionForm_contact.graphql';
import { NoAnswerError } from '../relay/environment';
import { codeOf, describeErrors, type GraphQLError } from '../relay/errors';
import type {
  InteractionDirection,
  InteractionMethod,
  InteractionStatus,
  LogInteractionFormMutation,
} from '../__generated__/LogInteractionFormMutation.graphql';

interface Fields {
  method: InteractionMethod;
  direction: InteractionDirection;
  dateTime: string;
  status: InteractionStatus;
  contacted: boolean;
  notes: string;
  representativeId: string;
}

type FieldName = keyof Fields;
const FIELD_NAMES: readonly string[] = ['method', 'direction', 'dateTime', 'status', 'contacted', 'notes', 'representativeId'];

/** `datetime-local` wants local time without a zone: now, to the minute. */
function nowForInput(): string {
  const now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset(), 0, 0);
  return now.toISOString().slice(0, 16);
}

const blank = (): Fields => ({
  method: 'TELEPHONE',
  direction: 'OUTBOUND',
  dateTime: nowForInput(),
  status: 'COMPLETED',
  contacted: true,
  notes: '',
  representativeId: '',
});

let optimisticIds = 0;

/**
 * Screen 3: logs a Ctrl-Hub interaction for the contact. The new edge is prepended to the lists that
 * show it (`@prependEdge`), first optimistically; user errors from the payload appear at their fields.
 */
export function LogInteractionForm({ contact }: { contact: LogInteractionForm_contact$key }) {
  const { id: contactId, account } = useFragment(
    graphql`
      fragment LogInteractionForm_contact on Contact {
        id
        firstName
        lastName
        account {
          id
          ctrlHubId
        }
      }
    `,
    contact,
  );
  const [commit, isInFlight] = useMutation<LogInteractionFormMutation>(graphql`
    mutation LogInteractionFormMutation($input: LogInteractionInput!, $connections: [ID!]!) @raw_response_type {
      logInteraction(input: $input) {
        interactionEdge @prependEdge(connections: $connections) {
          cursor
          node {
            id
            ...ContactInteractionItem_interaction
            ...InteractionRow_interaction
          }
        }
        userErrors {
          field
          message
        }
      }
    }
  `);
  const [fields, setFields] = useState(blank);
  const [errors, setErrors] = useState<Partial<Record<FieldName | 'form', string>>>({});
  const [logged, setLogged] = useState(false);
  const set = <K extends FieldName>(name: K, value: Fields[K]) => setFields((current) => ({ ...current, [name]: value }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setErrors({});
    setLogged(false);
    // The contact's list, and the organisation's (unfiltered and filtered by this account) if the store holds them.
    // The account filter takes a raw Ctrl-Hub id or a global id, and each is a connection of its own.
    const accountIds = [account?.ctrlHubId, account?.id].filter((id): id is string => Boolean(id));
    const connections = [
      ConnectionHandler.getConnectionID(contactId, 'ContactInteractions_interactions'),
      ConnectionHandler.getConnectionID(ROOT_ID, 'InteractionList_interactions'),
      ...accountIds.map((id) =>
        ConnectionHandler.getConnectionID(ROOT_ID, 'InteractionList_interactions', { filter: { accountIds: [id] } }),
      ),
    ];
    const dateTime = new Date(fields.dateTime).toISOString();
    const notes = fields.notes.trim() || null;
    commit({
      variables: {
        connections,
        input: {
          contactId,
          accountId: account?.id ?? null,
          method: fields.method,
          direction: fields.direction,
          dateTime,
          status: fields.status,
          contacted: fields.contacted,
          notes,
          representativeId: fields.representativeId.trim() || null,
        },
      },
      optimisticResponse: {
        logInteraction: {
          interactionEdge: {
            cursor: '',
            node: {
              id: `client:optimistic-interaction:${++optimisticIds}`,
              // No Ctrl-Hub id yet: the lists show the row as saving until the answer replaces it.
              ctrlHubId: null,
              dateTime,
              method: fields.method,
              direction: fields.direction,
              status: fields.status,
              notes,
              representative: null,
              contact: null,
              account: null,
              property: null,
            },
          },
          userErrors: [],
        },
      },
      // @prependEdge inserts the edge; the lists' totals are counted here.
      updater: (store, response) => {
        if (!response?.logInteraction?.interactionEdge) return;
        for (const connection of connections) {
          const list = store.get(connection);
          const total = list?.getValue('totalCount');
          if (typeof total === 'number') list?.setValue(total + 1, 'totalCount');
        }
      },
      onCompleted: (response, failures) => {
        // A GraphQL error nulls the payload while the response still has data, so Relay calls onCompleted,
        // not onError: without a payload nothing was confirmed, and the form keeps what was typed.
        const payload = response.logInteraction;
        if (!payload) {
          setErrors({ form: notLogged(failures ?? []) });
          return;
        }
        if (payload.userErrors.length === 0) {
          setFields(blank());
          setLogged(true);
          return;
        }
        const byField: Partial<Record<FieldName | 'form', string>> = {};
        for (const { field, message } of payload.userErrors) {
          const key = field && FIELD_NAMES.includes(field) ? (field as FieldName) : 'form';
          byField[key] = byField[key] ? `${byField[key]} ${message}` : message;
        }
        setErrors(byField);
      },
      // Without an answer (see NoAnswerError) the write may have reached Ctrl-Hub; otherwise the gateway refused it.
      onError: (error) =>
        setErrors({ form: error instanceof NoAnswerError ? MAYBE_LOGGED : `The interaction was not logged: ${error.message}` }),
    });
  };

  return (
    <section aria-labelledby="log-heading" className="log">
      <h2 id="log-heading">Log an interaction</h2>
      <form onSubmit={onSubmit}>
        <Field label="Method" error={errors.method}>
          {(props) => (
            <select {...props} value={fields.method} onChange={(event) => set('method', event.target.value as InteractionMethod)}>
              <option value="TELEPHONE">Telephone</option>
              <option value="EMAIL">Email</option>
              <option value="LETTER">Letter</option>
              <option value="SMS">SMS</option>
            </select>
          )}
        </Field>
        <Field label="Direction" error={errors.direction}>
          {(props) => (
            <select {...props} value={fields.direction} onChange={(event) => set('direction', event.target.value as InteractionDirection)}>
              <option value="OUTBOUND">Outbound</option>
              <option value="INBOUND">Inbound</option>
            </select>
          )}
        </Field>
        <Field label="Date and time" error={errors.dateTime}>
          {(props) => (
            <input
              {...props}
              type="datetime-local"
              required
              value={fields.dateTime}
              onChange={(event) => set('dateTime', event.target.value)}
            />
          )}
        </Field>
        <Field label="Status" error={errors.status}>
          {(props) => (
            <select {...props} value={fields.status} onChange={(event) => set('status', event.target.value as InteractionStatus)}>
              <option value="COMPLETED">Completed</option>
              <option value="SCHEDULED">Scheduled</option>
              <option value="CANCELLED">Cancelled</option>
            </select>
          )}
        </Field>
        <Field label="Representative id (optional)" error={errors.representativeId}>
          {(props) => (
            <input {...props} value={fields.representativeId} onChange={(event) => set('representativeId', event.target.value)} />
          )}
        </Field>
        <Field label="Notes" error={errors.notes} wide>
          {(props) => <textarea {...props} rows={2} value={fields.notes} onChange={(event) => set('notes', event.target.value)} />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={fields.contacted} onChange={(event) => set('contacted', event.target.checked)} />
          The customer was reached
        </label>
        <div className="actions">
          <button type="submit" disabled={isInFlight}>
            {isInFlight ? 'Logging…' : 'Log interaction'}
          </button>
          {errors.form && (
            <p role="alert" className="error">
              {errors.form}
            </p>
          )}
          <p role="status">{logged ? 'Interaction logged.' : ''}</p>
        </div>
      </form>
    </section>
  );
}

const MAYBE_LOGGED =
  'Ctrl-Hub may have logged this interaction, but its answer was lost. Reload the page and check the list before logging it again.';

/**
 * Why a write has no payload. A lost answer (`UPSTREAM_OUTCOME_UNKNOWN`, docs/errors.md) is not a
 * failure: Ctrl-Hub may have applied it, and sending it again could log the interaction twice.
 */
function notLogged(failures: readonly GraphQLError[]): string {
  if (failures.some((failure) => codeOf(failure) === 'UPSTREAM_OUTCOME_UNKNOWN')) return MAYBE_LOGGED;
  const reason = describeErrors(failures);
  return reason ? `The interaction was not logged: ${reason}` : 'The interaction was not logged.';
}

interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled control with its error underneath, tied to it for assistive technology. */
function Field({
  label,
  error,
  wide,
  children,
}: {
  label: string;
  error?: string;
  wide?: boolean;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={wide ? 'field wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': error ? `${id}-error` : undefined })}
      {error && (
        <p id={`${id}-error`} className="error">
          {error}
        </p>
      )}
    </div>
  );
}
