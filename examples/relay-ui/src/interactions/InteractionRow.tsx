import { graphql, useFragment } from 'react-relay';
import { formatDateTime, formatEnum, personName } from '../format';
import { Link } from '../router';
import type { InteractionRow_interaction$key } from '../__generated__/InteractionRow_interaction.graphql';
import type { Filters } from './InteractionsPage';

export function InteractionRow({
  interaction,
  onFilter,
}: {
  interaction: InteractionRow_interaction$key;
  onFilter: (filter: Partial<Filters>) => void;
}) {
  const row = useFragment(
    graphql`
      fragment InteractionRow_interaction on CtrlHubInteraction {
        ctrlHubId
        dateTime
        method
        status
        contact {
          id
          firstName
          lastName
        }
        account {
          ctrlHubId
        }
        property {
          uprn
          address {
            postcode
          }
        }
        representative {
          ctrlHubId
          firstName
          lastName
        }
      }
    `,
    interaction,
  );
  const { contact, account, property, representative } = row;
  return (
    <tr>
      <td>{formatDateTime(row.dateTime)}</td>
      <td>{formatEnum(row.method)}</td>
      <td>
        {contact ? <Link to={{ screen: 'contact', contactId: contact.id }}>{personName(contact)}</Link> : '—'}
        {account?.ctrlHubId && (
          <button
            type="button"
            className="chip"
            onClick={() => onFilter({ accountId: account.ctrlHubId ?? '' })}
            aria-label={`Only account ${account.ctrlHubId}`}
            title="Only this account"
          >
            account
          </button>
        )}
      </td>
      <td>
        {property ? (
          <>
            <span className="mono">{property.uprn ?? 'no UPRN'}</span> {property.address?.postcode}
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        {representative ? (
          <button
            type="button"
            className="link"
            onClick={() => onFilter({ representativeId: representative.ctrlHubId ?? '' })}
            title="Only this representative"
          >
            {personName(representative)}
          </button>
        ) : (
          '—'
        )}
      </td>
      <td>{formatEnum(row.status)}</td>
      <td className="mono">{row.ctrlHubId}</td>
    </tr>
  );
}
