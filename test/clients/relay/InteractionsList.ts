import { graphql } from 'relay-runtime';

/** An org's interactions as a Relay list component would declare them: a refetchable connection on Query. */
export const InteractionsListQuery = graphql`
  query InteractionsListQuery($count: Int!, $filter: InteractionFilter) {
    ...InteractionsList_query @arguments(count: $count, filter: $filter)
  }
`;

export const InteractionsListFragment = graphql`
  fragment InteractionsList_query on Query
  @refetchable(queryName: "InteractionsListPaginationQuery")
  @argumentDefinitions(count: { type: "Int!" }, cursor: { type: "String" }, filter: { type: "InteractionFilter" }) {
    interactions(first: $count, after: $cursor, filter: $filter) @connection(key: "InteractionsList_interactions", filters: ["filter"]) {
      edges {
        node {
          id
          ctrlHubId
        }
      }
    }
  }
`;
