import { Suspense, useEffect, useRef } from 'react';
import { fetchQuery, graphql, useLazyLoadQuery, useRelayEnvironment } from 'react-relay';
import { createOperationDescriptor, getRequest, ROOT_ID } from 'relay-runtime';
import { personName } from '../format';
import { LoadFailure } from '../LoadFailure';
import { codeOf } from '../relay/errors';
import { useFieldErrors } from '../relay/fieldErrors';
import { Link, useVisit } from '../router';
import { useDocumentTitle } from '../title';
import type { ContactPageQuery } from '../__generated__/ContactPageQuery.graphql';
import { AlpharunTimeline } from './AlpharunTimeline';
import { ContactInteractions } from './ContactInteractions';
import { ContactProfile } from './ContactProfile';
import { LogInteractionForm } from './LogInteractionForm';

const contactPageQuery = graphql`
  query ContactPageQuery($id: ID!) {
    node(id: $id) {
      ... on Contact @alias(as: "contact") {
        firstName
        lastName
        ctrlHubId
        account {
          ctrlHubId
        }
        ...ContactInteractions_contact
        ...LogInteractionForm_contact
        ...ContactProfile_contact @defer
        ...AlpharunTimeline_contact @defer
      }
    }
  }
`;

/**
 * Whether the visit on show found its contact's answer in the store when it first rendered. Kept out of
 * the component: a render that suspends is thrown away, state and all, and the one after it would find
 * the answer that the first one fetched.
 */
let opened: { visit: number; contactId: string; fromStore: boolean } | undefined;
function openedFromStore(visit: number, contactId: string, inStore: () => boolean): boolean {
  if (opened?.visit !== visit || opened.contactId !== contactId) opened = { visit, contactId, fromStore: inStore() };
  return opened.fromStore;
}

/**
 * Screen 2: one person across both APIs, loaded by global id through `node(id:)`. What may wait on
 * Alpharun (the profile, the timeline) is deferred: the gateway sends the Ctrl-Hub part first.
 */
export function ContactPage({ contactId }: { contactId: string }) {
  const environment = useRelayEnvironment();
  const visit = useVisit();
  const fromStore = openedFromStore(
    visit,
    contactId,
    () => environment.check(createOperationDescriptor(getRequest(contactPageQuery), { id: contactId })).status === 'available',
  );
  const { node } = useLazyLoadQuery<ContactPageQuery>(contactPageQuery, { id: contactId });
  useEffect(() => {
    if (!fromStore) return;
    // A contact shown again from the store is asked for again, and the answer replaces what shows: the
    // store may hold a failure the graph has since got past, or a contact since changed. A refetch that
    // gets no answer leaves the page as the store has it.
    const refetch = fetchQuery(environment, contactPageQuery, { id: contactId }, { fetchPolicy: 'network-only' }).subscribe({
      error: () => {},
    });
    return () => refetch.unsubscribe();
  }, [environment, contactId, fromStore]);
  // The alias is null when the id names a node of another type; `node` is null for an unknown id, or with an error.
  const contact = node?.contact;
  // An id the graph cannot read is refused (BAD_USER_INPUT): for this page, a contact that is not there.
  const errors = useFieldErrors(ROOT_ID, 'node', { id: contactId }).filter((error) => codeOf(error) !== 'BAD_USER_INPUT');
  const name = contact ? personName(contact) : undefined;
  const heading = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(name ?? 'Contact');
  useEffect(() => {
    // After navigating in place, keyboard and screen-reader users start at the new page's heading
    // (the page mounts once per contact: App keys it by the contact's id).
    heading.current?.focus();
  }, []);

  if (!node && errors.length > 0) {
    return (
      <main>
        <h1>Contact not loaded</h1>
        <LoadFailure what="The contact" errors={errors} />
      </main>
    );
  }
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
      <h1 ref={heading} tabIndex={-1}>
        {name}
      </h1>
      <dl className="facts">
        <dt>Account</dt>
        <dd className="mono">{contact.account?.ctrlHubId ?? '—'}</dd>
        <dt>Ctrl-Hub id</dt>
        <dd className="mono">{contact.ctrlHubId ?? '—'}</dd>
        <Suspense fallback={<dd className="loading">Loading details from Alpharun…</dd>}>
          <ContactProfile contact={contact} />
        </Suspense>
      </dl>
      <LogInteractionForm contact={contact} />
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
