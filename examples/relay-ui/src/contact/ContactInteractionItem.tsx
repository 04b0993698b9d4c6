import { graphql, useFragment } from 'react-relay';
import { formatDateTime, formatEnum, personName } from '../format';
import type { ContactInteractionItem_interaction$key } from '../__generated__/ContactInteractionItem_interaction.graphql';

/** One Ctrl-Hub interaction on a contact's page; an optimistic one (no Ctrl-Hub id yet) shows as saving. */
export function ContactInteractionItem({ interaction }: { interaction: ContactInteractionItem_interaction$key }) {
  const item = useFragment(
    graphql`
      fragment ContactInteractionItem_interaction on CtrlHubInteraction {
        ctrlHubId
        dateTime
        method
        direction
        status
        notes
        representative {
          firstName
          lastName
        }
      }
    `,
    interaction,
  );
  const saving = !item.ctrlHubId;
  return (
    <li className={saving ? 'pending' : undefined} aria-busy={saving}>
      <p className="meta">
        <time dateTime={item.dateTime ?? undefined}>{formatDateTime(item.dateTime)}</time> · {formatEnum(item.method)} ·{' '}
        {formatEnum(item.direction)} · {formatEnum(item.status)}
      </p>
      {item.notes && <p>{item.notes}</p>}
      <p className="meta">
        {item.representative ? personName(item.representative) : 'No representative'} ·{' '}
        {saving ? 'Saving…' : <span className="mono">{item.ctrlHubId}</span>}
      </p>
    </li>
  );
}
