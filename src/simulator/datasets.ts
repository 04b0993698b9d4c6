import { DEFAULT_SIZE, type Dataset, type DatasetSize, generateDataset } from './dataset.js';
import { SeededRandom } from './random.js';

/**
 * The seeded data sets the simulator can serve. `demo` spreads interactions evenly over contacts;
 * `sparse` concentrates them (see `concentrateInteractions`), as an organisation with a few very
 * busy customers does. Both honour the same upstream contracts; only the data differs.
 */
export const DATASET_NAMES = ['demo', 'sparse'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}

export function buildDataset(name: DatasetName, seed: number, size: Partial<DatasetSize> = {}): Dataset {
  const dataset = generateDataset(seed, { ...DEFAULT_SIZE, ...size });
  return name === 'sparse' ? concentrateInteractions(dataset, new SeededRandom(seed ^ 0x5a5e)) : dataset;
}

/** Share of all interactions that belong to the busy contacts of the sparse data set. */
const BUSY_SHARE = 0.6;
const BUSY_CONTACTS = 5;
/** One contact in this many has no interactions at all in the sparse data set. */
const SILENT_EVERY = 10;

/**
 * Reassigns every interaction's contact: a few busy contacts hold most interactions, one contact in
 * ten holds none, the rest share the remainder. The account follows the contact and the property
 * is one of that account's, so relationships stay as consistent as in the demo data; the order of
 * the interactions (the upstream's order) is unchanged.
 */
function concentrateInteractions(dataset: Dataset, random: SeededRandom): Dataset {
  const contactIds = [...dataset.ctrlhub.contacts.keys()];
  const busy = contactIds.slice(0, BUSY_CONTACTS);
  const ordinary = contactIds.slice(BUSY_CONTACTS).filter((_, index) => index % SILENT_EVERY !== SILENT_EVERY - 1);
  const accountOf = (contactId: string) => dataset.ctrlhub.contacts.get(contactId)?.relationships?.accounts?.data?.[0]?.id;
  const propertiesOf = (accountId: string) =>
    (dataset.ctrlhub.accounts.get(accountId)?.relationships?.properties?.data ?? []).map((property) => property.id);

  const interactions = dataset.ctrlhub.interactions.map((interaction) => {
    const contactId = random.chance(BUSY_SHARE) ? random.pick(busy) : random.pick(ordinary);
    const accountId = accountOf(contactId);
    if (!accountId) throw new Error(`sparse data set: contact ${contactId} has no account`);
    const owned = propertiesOf(accountId);
    const hadProperty = Boolean(interaction.relationships?.property?.data);
    const propertyId = hadProperty && owned.length > 0 ? random.pick(owned) : null;
    return {
      ...interaction,
      relationships: {
        ...interaction.relationships,
        contact: { data: { id: contactId, type: 'contacts' } },
        account: { data: { id: accountId, type: 'customer-accounts' } },
        property: propertyId ? { data: { id: propertyId, type: 'properties' } } : { data: null },
      },
    };
  });
  return { ...dataset, ctrlhub: { ...dataset.ctrlhub, interactions } };
}
