import { graphql, usePaginationFragment } from 'react-relay';
import type { ContactInteractions_contact$key } from '../__generated__/ContactInteractions_contact.graphql';
import { ContactInteractionItem } from './ContactInteractionItem';
import { LoadFailure } from '../LoadFailure';
import { LoadMore } from '../LoadMore';
import { useFieldErrors } from '../relay/fieldErrors';

const PAGE_SIZE = 5;

/** The contact's Ctrl-Hub interactions, paged on their own through `node(id:)`. */
export function ContactInteractions({ contact }: { contact: ContactInteractions_contact$key }) {
  const { data, hasNext, loadNext, isLoadingNext } = usePaginationFragment(
    graphql`
      fragment ContactInteractions_contact on Contact
      @refetchable(queryName: "ContactInteractionsPaginationQuery")
      @argumentDefinitions(count: { type: "Int", defaultValue: 5 }, cursor: { type: "String" }) {
        id
        interactions(first: $count, after: $cursor) @connection(key: "ContactInteractions_interactions") {
          totalCount
          edges {
            node {
              id
              ...ContactInteractionItem_interaction
            }
          }
        }
      }
    `,
    contact,
  );
  // A null list is Ctrl-Hub failing when the response has an error for it; the rest of the page stands.
  const errors = useFieldErrors(data.id, 'interactions');
  const edges = data.interactions?.edges ?? [];
  if (!data.interactions && errors.length > 0) {
    return (
      <section aria-labelledby="ctrlhub-heading">
        <h2 id="ctrlhub-heading">Ctrl-Hub interactions</h2>
        <LoadFailure what="The Ctrl-Hub interactions" errors={errors} />
      </section>
    );
  }
  return (
    <section aria-labelledby="ctrlhub-heading" aria-busy={isLoadingNext}>
      <h2 id="ctrlhub-heading">Ctrl-Hub interactions</h2>
      <p className="count">
        Showing {edges.length} of {data.interactions?.totalCount ?? 'unknown'}
      </p>
      <ol className="timeline" aria-label="Ctrl-Hub interactions">
        {edges.map(({ node }) => (
          <ContactInteractionItem key={node.id} interaction={node} />
        ))}
      </ol>
      {edges.length === 0 && <p>No Ctrl-Hub interactions.</p>}
      <LoadMore
        hasNext={hasNext}
        isLoadingNext={isLoadingNext}
        loadNext={loadNext}
        pageSize={PAGE_SIZE}
        label="Load more Ctrl-Hub interactions"
      />
    </section>
  );
}
