import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode } from 'graphql';
import { createYoga } from 'graphql-yoga';

/**
 * A second subgraph as another team would write it: notes about customers, holding only the Ctrl-Hub
 * ids it stored. It references ctrlgraph's Contact by `ctrlHubId` and Account by raw `id`, and adds
 * `loyaltyTier` to Contact, so queries cross the supergraph in both directions.
 */
export const notesTypeDefs: DocumentNode = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Note @key(fields: "id") {
    id: ID!
    text: String!
    contact: Contact!
    account: Account
  }

  type Contact @key(fields: "ctrlHubId") {
    ctrlHubId: String
    loyaltyTier: String!
  }

  type Account @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Query {
    notes(first: Int!): [Note!]!
  }
`);

export interface StoredNote {
  contactCtrlHubId: string;
  accountCtrlHubId: string | null;
}

export interface NotesSubgraph {
  url: URL;
  /** Representations of each `_entities` call this subgraph answered. */
  entityCalls: number[];
  close(): Promise<void>;
}

export function loyaltyTier(ctrlHubId: string): string {
  return ['bronze', 'silver', 'gold'][[...ctrlHubId].reduce((sum, char) => sum + char.charCodeAt(0), 0) % 3] as string;
}

export async function startNotesSubgraph(notes: readonly StoredNote[]): Promise<NotesSubgraph> {
  const entityCalls: number[] = [];
  const schema = buildSubgraphSchema({
    typeDefs: notesTypeDefs,
    resolvers: {
      Query: {
        notes: (_root: unknown, { first }: { first: number }) =>
          notes.slice(0, first).map((note, index) => ({ id: `note-${index + 1}`, text: `Note ${index + 1}`, ...note })),
      },
      Note: {
        contact: (note: StoredNote) => ({ ctrlHubId: note.contactCtrlHubId }),
        account: (note: StoredNote) => (note.accountCtrlHubId ? { id: note.accountCtrlHubId } : null),
      },
      Contact: {
        __resolveReference: ({ ctrlHubId }: { ctrlHubId: string }) => ({ ctrlHubId }),
        loyaltyTier: ({ ctrlHubId }: { ctrlHubId: string }) => loyaltyTier(ctrlHubId),
      },
    },
  });
  const yoga = createYoga({
    schema,
    logging: false,
    plugins: [
      {
        onParams({ params }) {
          const representations = params.variables?.['representations'];
          if (Array.isArray(representations)) entityCalls.push(representations.length);
        },
      },
    ],
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/graphql`),
    entityCalls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
