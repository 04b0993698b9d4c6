import { useEffect, useState, useTransition, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery, usePaginationFragment } from 'react-relay';
import { ROOT_ID } from 'relay-runtime';
import { navigate } from '../router';
import { useDocumentTitle } from '../title';
import type { InteractionList_query$key } from '../__generated__/InteractionList_query.graphql';
import type { InteractionsPageQuery, InteractionFilter } from '../__generated__/InteractionsPageQuery.graphql';
import { InteractionRow } from './InteractionRow';
import { LoadFailure } from '../LoadFailure';
import { LoadMore } from '../LoadMore';
import { useFieldErrors } from '../relay/fieldErrors';

const PAGE_SIZE = 10;

export interface Filters {
  accountId: string;
  representativeId: string;
}

/** Empty fields filter nothing; ids may be global ids or raw Ctrl-Hub ids, as the graph accepts both. */
function filterOf({ accountId, representativeId }: Filters): InteractionFilter | null {
  const filter: InteractionFilter = {
    ...(accountId ? { accountIds: [accountId] } : {}),
    ...(representativeId ? { representativeIds: [representativeId] } : {}),
  };
  return Object.keys(filter).length ? filter : null;
}

const sameFilters = (a: Filters, b: Filters) => a.accountId === b.accountId && a.representativeId === b.representativeId;

/** Screen 1: the organisation's interactions, filtered by account and representative. */
export function InteractionsPage({ filters }: { filters: Filters }) {
  useDocumentTitle('Interactions');
  // The URL's filters at first; when they change, the list refetches its connection in place (see InteractionList).
  const [variables] = useState(() => ({ filter: filterOf(filters), count: PAGE_SIZE }));
  const query = useLazyLoadQuery<InteractionsPageQuery>(
    graphql`
      query InteractionsPageQuery($filter: InteractionFilter, $count: Int!) {
        ...InteractionList_query @arguments(filter: $filter, count: $count)
      }
    `,
    variables,
  );
  return (
    <main>
      <h1>Interactions</h1>
      <InteractionList query={query} filters={filters} />
    </main>
  );
}

function InteractionList({ query, filters }: { query: InteractionList_query$key; filters: Filters }) {
  const { data, hasNext, loadNext, isLoadingNext, refetch } = usePaginationFragment(
    graphql`
      fragment InteractionList_query on Query
      @refetchable(queryName: "InteractionListPaginationQuery")
      @argumentDefinitions(count: { type: "Int!" }, cursor: { type: "String" }, filter: { type: "InteractionFilter" }) {
        interactions(first: $count, after: $cursor, filter: $filter) @connection(key: "InteractionList_interactions", filters: ["filter"]) {
          totalCount
          edges {
            node {
              id
              ...InteractionRow_interaction
            }
          }
        }
      }
    `,
    query,
  );
  const [fields, setFields] = useState(filters);
  const [fetched, setFetched] = useState(filters);
  const [isRefetching, startTransition] = useTransition();

  // The URL holds the filters, so a reload or a shared link shows the same list. Whatever changes it
  // (the form below, the "Interactions" link, back and forward), the list follows: refetched in a
  // transition, so the old rows stay until the new ones arrive.
  useEffect(() => {
    if (sameFilters(filters, fetched)) return;
    setFetched(filters);
    setFields(filters);
    startTransition(() => {
      refetch({ filter: filterOf(filters), count: PAGE_SIZE });
    });
  }, [filters, fetched, refetch]);

  const apply = (next: Filters) => {
    setFields(next);
    navigate({ screen: 'interactions', ...next }, { replace: true });
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply({ accountId: fields.accountId.trim(), representativeId: fields.representativeId.trim() });
  };

  const connection = data.interactions;
  const errors = useFieldErrors(ROOT_ID, 'interactions');
  const edges = connection?.edges ?? [];
  return (
    <>
      <form className="filters" onSubmit={onSubmit} aria-label="Filter interactions">
        <label>
          Account id
          <input value={fields.accountId} onChange={(event) => setFields({ ...fields, accountId: event.target.value })} />
        </label>
        <label>
          Representative id
          <input value={fields.representativeId} onChange={(event) => setFields({ ...fields, representativeId: event.target.value })} />
        </label>
        <button type="submit">Apply filters</button>
        <button type="button" onClick={() => apply({ accountId: '', representativeId: '' })}>
          Clear
        </button>
      </form>
      {connection ? (
        <>
          <p className="count" aria-live="polite">
            {isRefetching ? 'Updating…' : `Showing ${edges.length} of ${connection.totalCount ?? 'unknown'} interactions`}
          </p>
          <table aria-busy={isRefetching || isLoadingNext}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Method</th>
                <th scope="col">Contact</th>
                <th scope="col">Property</th>
                <th scope="col">Representative</th>
                <th scope="col">Status</th>
                <th scope="col">Ctrl-Hub id</th>
              </tr>
            </thead>
            <tbody>
              {edges.map(({ node }) => (
                <InteractionRow key={node.id} interaction={node} onFilter={(filter) => apply({ ...fields, ...filter })} />
              ))}
            </tbody>
          </table>
          {edges.length === 0 && <p>No interactions match these filters.</p>}
          <LoadMore hasNext={hasNext} isLoadingNext={isLoadingNext} loadNext={loadNext} pageSize={PAGE_SIZE} />
        </>
      ) : (
        <LoadFailure what="The interactions" errors={errors} />
      )}
    </>
  );
}
