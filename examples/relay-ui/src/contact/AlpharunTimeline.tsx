import { graphql, usePaginationFragment } from 'react-relay';
import type { AlpharunTimeline_contact$key } from '../__generated__/AlpharunTimeline_contact.graphql';
import { fieldValue } from './ContactProfile';
import { LoadFailure } from '../LoadFailure';
import { LoadMore } from '../LoadMore';
import { useFieldErrors } from '../relay/fieldErrors';

const PAGE_SIZE = 5;

/** The Alpharun interactions of the contact's account, with what Alpharun extracted from each. */
export function AlpharunTimeline({ contact }: { contact: AlpharunTimeline_contact$key }) {
  const { data, hasNext, loadNext, isLoadingNext } = usePaginationFragment(
    graphql`
      fragment AlpharunTimeline_contact on Contact
      @refetchable(queryName: "AlpharunTimelinePaginationQuery")
      @argumentDefinitions(count: { type: "Int", defaultValue: 5 }, cursor: { type: "String" }) {
        id
        customerInteractions(first: $count, after: $cursor) @connection(key: "AlpharunTimeline_customerInteractions") {
          edges {
            node {
              id
              alpharunId
              summary
              teammateEmail
              dataExtractionFields {
                key
                name
                value
                textValue
                numberValue
                booleanValue
              }
            }
          }
        }
      }
    `,
    contact,
  );
  // A null timeline is Alpharun failing when the response has an error for it; the rest of the page stands.
  const errors = useFieldErrors(data.id, 'customerInteractions');
  const edges = data.customerInteractions?.edges ?? [];
  if (!data.customerInteractions && errors.length > 0) {
    return (
      <section aria-labelledby="alpharun-heading">
        <h2 id="alpharun-heading">Alpharun timeline</h2>
        <LoadFailure what="The Alpharun timeline" errors={errors} />
      </section>
    );
  }
  return (
    <section aria-labelledby="alpharun-heading" aria-busy={isLoadingNext}>
      <h2 id="alpharun-heading">Alpharun timeline</h2>
      <ol className="timeline" aria-label="Alpharun interactions">
        {edges.map(({ node }) => (
          <li key={node.id}>
            <p>{node.summary ?? 'No summary'}</p>
            {node.dataExtractionFields.length > 0 && (
              <dl className="fields">
                {node.dataExtractionFields.map((field) => (
                  <div key={field.key}>
                    <dt>{field.name}</dt>
                    <dd>{fieldValue(field)}</dd>
                  </div>
                ))}
              </dl>
            )}
            <p className="meta">
              {node.teammateEmail ?? 'No teammate'} · <span className="mono">{node.alpharunId}</span>
            </p>
          </li>
        ))}
      </ol>
      {edges.length === 0 && <p>Alpharun has no interactions for this contact.</p>}
      <LoadMore
        hasNext={hasNext}
        isLoadingNext={isLoadingNext}
        loadNext={loadNext}
        pageSize={PAGE_SIZE}
        label="Load more Alpharun interactions"
      />
    </section>
  );
}
