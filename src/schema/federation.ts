import type DataLoader from 'dataloader';
import { badUserInput } from '../errors/index.js';
import { builder } from './builder.js';
import type { GraphContext } from './context.js';
import { localIdOf, type NodeTypeName } from './global-id.js';
import { Account, Contact, Property, Representative } from './refs.js';

/**
 * Apollo Federation v2 entities. Other subgraphs reference a record either by its `id` (global, or
 * the raw Ctrl-Hub id, as every ID argument accepts) or by `ctrlHubId`, the key services outside the
 * graph already store. A router resolves all references of one `_entities` call in parallel, so they
 * meet in the same per-request DataLoader as `nodes(ids:)` and become one batched upstream read.
 */
type Reference = { id: string } | { ctrlHubId: string };

interface EntityRef<Shape> {
  getDataloader(context: GraphContext): DataLoader<string, Shape>;
}

function keyOf(reference: Reference, typename: NodeTypeName): string {
  const [field, value] = 'id' in reference ? ['id', reference.id] : ['ctrlHubId', reference.ctrlHubId];
  if (typeof value !== 'string' || value === '') {
    throw badUserInput(`A ${typename} representation needs a non-empty \`id\` or \`ctrlHubId\``, 'representations');
  }
  return field === 'id' ? localIdOf(value, typename, 'representations') : value;
}

function declareEntity<Shape>(ref: Parameters<typeof builder.asEntity>[0] & EntityRef<Shape>, typename: NodeTypeName): void {
  builder.asEntity(ref, {
    key: [builder.selection<{ id: string }>('id'), builder.selection<{ ctrlHubId: string }>('ctrlHubId')],
    // Async, so a bad representation fails its own index of `_entities`, not the whole list.
    resolveReference: async (reference: Reference, context: GraphContext) => ref.getDataloader(context).load(keyOf(reference, typename)),
  });
}

declareEntity(Contact, 'Contact');
declareEntity(Account, 'Account');
declareEntity(Property, 'Property');
declareEntity(Representative, 'Representative');
