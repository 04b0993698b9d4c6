import { graphql } from 'relay-runtime';

/** A contact's Ctrl-Hub interactions, the list a "log a call" form sits next to. */
export const ContactInteractionsQuery = graphql`
  query ContactInteractionsQuery($id: ID!, $count: Int!) {
    contact(id: $id) {
      ...ContactInteractions_contact @arguments(count: $count)
    }
  }
`;

export const ContactInteractionsFragment = graphql`
  fragment ContactInteractions_contact on Contact
  @refetchable(queryName: "ContactInteractionsPaginationQuery")
  @argumentDefinitions(count: { type: "Int!" }, cursor: { type: "String" }) {
    interactions(first: $count, after: $cursor) @connection(key: "ContactInteractions_interactions") {
      __id
      edges {
        node {
          id
          notes
          method
        }
      }
    }
  }
`;

/** The form's mutation: the new edge goes to the top of every connection named in `$connections`. */
export const LogInteractionMutation = graphql`
  mutation ContactInteractionsLogMutation($input: LogInteractionInput!, $connections: [ID!]!) @raw_response_type {
    logInteraction(input: $input) {
      clientMutationId
      interactionEdge @prependEdge(connections: $connections) {
        cursor
        node {
          id
          notes
          method
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;
