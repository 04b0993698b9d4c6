import { Suspense, useEffect } from 'react';
import { graphql, useLazyLoadQuery } from 'react-relay';
import { personName } from '../format';
import { Link } from '../router';
import type { ContactPageQuery } from '../__generated__/ContactPageQuery.graphql';
import { AlpharunTimeline } from './AlpharunTimeline';
import { ContactInteractions } from './ContactInteractions';

/**
 * Screen 2: one person across both APIs, loaded by global id through `node(id:)`. The Alpharun
 * timeline is deferred: the gateway sends the Ctrl-Hub part first and the timeline when Alpharun answers.
 */
export function ContactPage({ contactId }: { contactId: string }) {
  const { node } = useLazyLoadQuery<ContactPageQuery>(
    graphql`
      query ContactPageQuery($id: ID!) {
        node(id: $id) {
          ... on Contact @alias(as: "contact") {
            firstName
            lastName
            email
            telephone
            ctrlHubId
            alpharunId
            account {
              ctrlHubId
            }
            ...ContactInteractions_contact
            ...AlpharunTimeline_contact @defer
          }
        }
      }
    `,
    { id: contactId },
  );
  // The alias is null when the id names a node of another type.
  const contact = node?.contact;
  const name = contact ? personName(contact) : undefined;
  useEffect(() => {
    document.title = `${name ?? 'Contact'} · ctrlgraph`;
  }, [name]);

  if (!contact) {
    return (
      <main>
        <h1>Contact not found</h1>
        <p>
          No contact has the id <code>{contactId}</code>.{' '}
          <Link to={{ screen: 'interactions', accountId: '', representativeId: '' }}>Back to interactions</Link>
        </p>
      </main>
    );
  }
  return (
    <main>
      <h1>{name}</h1>
      <dl className="facts">
        <dt>Email</dt>
        <dd>{contact.email ?? '—'}</dd>
        <dt>Telephone</dt>
        <dd>{contact.telephone ?? '—'}</dd>
        <dt>Account</dt>
        <dd className="mono">{contact.account?.ctrlHubId ?? '—'}</dd>
        <dt>Ctrl-Hub id</dt>
        <dd className="mono">{contact.ctrlHubId ?? '—'}</dd>
        <dt>Alpharun id</dt>
        <dd className="mono">{contact.alpharunId ?? '—'}</dd>
      </dl>
      <div className="columns">
        <ContactInteractions contact={contact} />
        <Suspense
          fallback={
            <section aria-labelledby="alpharun-heading" aria-busy="true">
              <h2 id="alpharun-heading">Alpharun timeline</h2>
              <p className="loading">Loading the Alpharun timeline…</p>
            </section>
          }
        >
          <AlpharunTimeline contact={contact} />
        </Suspense>
      </div>
    </main>
  );
}
