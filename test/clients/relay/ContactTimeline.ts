import { graphql } from 'relay-runtime';

/** A contact's Alpharun timeline: a refetchable connection on a Node, paged through `node(id:)`. */
export const ContactTimelineQuery = graphql`
  query ContactTimelineQuery($id: ID!, $count: Int!) {
    contact(id: $id) {
      ...ContactTimeline_contact @arguments(count: $count)
    }
  }
`;

export const ContactTimelineFragment = graphql`
  fragment ContactTimeline_contact on Contact
  @refetchable(queryName: "ContactTimelinePaginationQuery")
  @argumentDefinitions(count: { type: "Int!" }, cursor: { type: "String" }) {
    customerInteractions(first: $count, after: $cursor) @connection(key: "ContactTimeline_customerInteractions") {
      edges {
        node {
          id
          alpharunId
        }
      }
    }
  }
`;
