import type { AlpharunContact, AlpharunDataField, AlpharunInteraction } from '../upstream/alpharun/types.js';
import type {
  AccountResource,
  ContactResource,
  IncludedResource,
  InteractionResource,
  PropertyResource,
  UserResource,
} from '../upstream/ctrlhub/types.js';
import { SeededRandom } from './random.js';

export interface DatasetSize {
  accounts: number;
  contacts: number;
  properties: number;
  representatives: number;
  interactions: number;
  /** Alpharun-only contacts: no `ext_id`, so unknown to Ctrl-Hub. */
  alpharunOnlyContacts: number;
}

export const DEFAULT_SIZE: DatasetSize = {
  accounts: 25,
  contacts: 200,
  properties: 40,
  representatives: 15,
  interactions: 5000,
  alpharunOnlyContacts: 12,
};

/** Both upstreams' records, linked the way DESIGN.md says: Alpharun `ext_id` holds the Ctrl-Hub id. */
export interface Dataset {
  orgId: string;
  ctrlhub: {
    organisation: IncludedResource;
    interactions: InteractionResource[];
    contacts: Map<string, ContactResource>;
    accounts: Map<string, AccountResource>;
    properties: Map<string, PropertyResource>;
    users: Map<string, UserResource>;
  };
  alpharun: {
    contacts: AlpharunContact[];
    /** Interactions per Alpharun account id, in the upstream's order. */
    interactionsByAccount: Map<string, AlpharunInteraction[]>;
    accountOfContact: Map<string, string>;
  };
}

const FIRST_NAMES = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Ema',
  'Femi',
  'Grace',
  'Hamid',
  'Isla',
  'Jon',
  'Kira',
  'Liam',
  'Maya',
  'Noor',
  'Owen',
  'Priya',
  'Quinn',
  'Rhys',
  'Sara',
  'Tom',
];
const LAST_NAMES = [
  'Adams',
  'Baker',
  'Clarke',
  'Dhillon',
  'Evans',
  'Fraser',
  'Green',
  'Hughes',
  'Iqbal',
  'Jones',
  'Khan',
  'Lewis',
  'Morgan',
  "O'Neill",
  'Patel',
  'Reid',
  'Shaw',
  'Taylor',
  'Walsh',
  'Young',
];
const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Mill Road', 'Park Avenue', 'Queens Road', 'Victoria Street', 'Green Lane'];
const TOWNS = ['Leeds', 'York', 'Bristol', 'Cardiff', 'Glasgow', 'Norwich', 'Derby', 'Bath'];
const METHODS = ['letter', 'email', 'telephone', 'sms'];
const STATUSES = ['scheduled', 'completed', 'cancelled', 'no-answer'];
const OCCUPATIONS = ['Field engineer', 'Customer liaison', 'Surveyor', 'Planner'];

export function generateDataset(seed = 1, size: DatasetSize = DEFAULT_SIZE): Dataset {
  const random = new SeededRandom(seed);
  const orgId = random.uuid();
  const organisation: IncludedResource = {
    id: orgId,
    type: 'organisations',
    attributes: { name: 'Demo Energy Networks', slug: 'demo-energy', description: 'Seeded demo organisation' },
  };
  const ref = (type: string, id: string) => ({ data: { id, type } });

  const users = new Map<string, UserResource>();
  for (let i = 0; i < size.representatives; i += 1) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const id = random.uuid();
    users.set(id, {
      id,
      type: 'users',
      attributes: {
        email: `${first}.${last}@demo-energy.example`.toLowerCase().replace(/'/g, ''),
        identities: [],
        profile: {
          personal: { first_name: first, last_name: last, username: `${first}${last}`.toLowerCase().replace(/'/g, '') + i, dob: null },
          contact: {
            mobile: `+4477009${String(10000 + i).slice(-5)}`,
            landline: random.chance(0.5) ? `+44113496${String(1000 + i).slice(-4)}` : null,
          },
          work: { occupation: random.pick(OCCUPATIONS) },
          settings: { preferred_language: 'en', timezone: 'Europe/London' },
        },
      },
    });
  }

  const properties = new Map<string, PropertyResource>();
  for (let i = 0; i < size.properties; i += 1) {
    const id = random.uuid();
    const latitude = 50 + random.next() * 6;
    const longitude = -5 + random.next() * 6;
    // Every fifth property uses the older payload shapes the contract warns about.
    const older = i % 5 === 4;
    properties.set(id, {
      id,
      type: 'properties',
      attributes: {
        uprn: 100_000_000_000 + random.int(0, 899_999_999_999),
        address: {
          description: null,
          number: String(random.int(1, 240)),
          name: random.chance(0.2) ? 'Rose Cottage' : null,
          thoroughfare: random.pick(STREETS),
          dependent_thoroughfare: null,
          post_town: random.pick(TOWNS),
          postcode: `LS${random.int(1, 28)} ${random.int(1, 9)}${String.fromCharCode(65 + random.int(0, 25))}${String.fromCharCode(65 + random.int(0, 25))}`,
          ...(older ? { pobox: null } : { po_box: null }),
          country: 'GB',
        },
        location: older
          ? { type: 'Point', coordinates: [longitude, latitude] }
          : {
              british_national_grid: { easting: random.int(100000, 600000), northing: random.int(100000, 900000) },
              lat_long: { latitude, longitude },
            },
        ...(older
          ? { mpan: String(random.int(1e12, 9e12)) }
          : {
              meters: [
                { type: 'mpan', number: String(random.int(1e12, 9e12)) },
                ...(random.chance(0.6) ? [{ type: 'mprn', number: String(random.int(1e6, 9e9)) }] : []),
              ],
            }),
        psr: random.chance(0.25)
          ? { indicator: true, priority: random.pick(['high', 'medium', null]), notes: 'Needs advance notice of outages', contact: null }
          : { indicator: false, priority: null, notes: null, contact: null },
      },
    });
  }

  const propertyIds = [...properties.keys()];
  const accounts = new Map<string, AccountResource>();
  const accountIds: string[] = [];
  const propertiesOfAccount = new Map<string, string[]>();
  for (let i = 0; i < size.accounts; i += 1) {
    const id = random.uuid();
    accountIds.push(id);
    const owned = propertyIds.filter((_, index) => index % size.accounts === i);
    propertiesOfAccount.set(id, owned);
    accounts.set(id, {
      id,
      type: 'customer-accounts',
      attributes: {},
      meta: { created_at: '2024-01-02T09:00:00Z', updated_at: '2025-06-01T12:00:00Z' },
      relationships: {
        organisation: ref('organisations', orgId),
        contacts: { data: [] },
        properties: { data: owned.map((propertyId) => ({ id: propertyId, type: 'properties' })) },
      },
    });
  }

  const contacts = new Map<string, ContactResource>();
  const contactIds: string[] = [];
  for (let i = 0; i < size.contacts; i += 1) {
    const id = random.uuid();
    // The first contacts go one per account so that every account has somebody.
    const accountId = i < accountIds.length ? (accountIds[i] as string) : random.pick(accountIds);
    contactIds.push(id);
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    contacts.set(id, {
      id,
      type: 'contacts',
      attributes: {
        association: random.pick(['occupier', 'owner', 'landlord']),
        salutation: random.pick(['Mr', 'Ms', 'Mx', 'Dr']),
        first_name: first,
        last_name: last,
        // Some contacts lack an email or phone in Ctrl-Hub: Alpharun's profile fills the gap.
        email: random.chance(0.85) ? `${first}.${last}${i}@mail.example`.toLowerCase().replace(/'/g, '') : null,
        telephone: random.chance(0.8) ? `+4479${String(10000000 + i * 7919).slice(-8)}` : null,
      },
      meta: { created_at: '2024-02-01T10:00:00Z', updated_at: '2025-05-01T10:00:00Z' },
      relationships: { accounts: { data: [{ id: accountId, type: 'customer-accounts' }] }, organisation: ref('organisations', orgId) },
    });
    accounts.get(accountId)?.relationships?.contacts?.data?.push({ id, type: 'contacts' });
  }

  const userIds = [...users.keys()];
  const interactions: InteractionResource[] = [];
  let timestamp = Date.parse('2026-10-31T17:00:00Z');
  for (let i = 0; i < size.interactions; i += 1) {
    timestamp -= random.int(5, 180) * 60_000;
    const contactId = random.pick(contactIds);
    const accountId = contacts.get(contactId)?.relationships?.accounts?.data?.[0]?.id ?? random.pick(accountIds);
    const owned = propertiesOfAccount.get(accountId) ?? [];
    const propertyId = owned.length > 0 && random.chance(0.9) ? random.pick(owned) : null;
    const when = new Date(timestamp).toISOString().replace('.000Z', 'Z');
    interactions.push({
      id: random.uuid(),
      type: 'customer-interactions',
      attributes: {
        method: random.chance(0.02) ? 'carrier-pigeon' : random.pick(METHODS),
        direction: random.pick(['inbound', 'outbound']),
        date_time: when,
        contacted: random.chance(0.7),
        status: random.pick(STATUSES),
        notes: random.chance(0.6)
          ? `Call about ${random.pick(['a meter reading', 'a planned outage', 'a new connection', 'a billing query'])}`
          : null,
      },
      meta: { created_at: when, updated_at: when, modified_at: when },
      relationships: {
        author: ref('authors', random.pick(userIds)),
        organisation: ref('organisations', orgId),
        representative: random.chance(0.95) ? ref('users', random.pick(userIds)) : { data: null },
        account: ref('customer-accounts', accountId),
        contact: ref('contacts', contactId),
        property: propertyId ? ref('properties', propertyId) : { data: null },
      },
    });
  }

  return {
    orgId,
    ctrlhub: { organisation, interactions, contacts, accounts, properties, users },
    alpharun: generateAlpharun(random, size, accountIds, contacts),
  };
}

function generateAlpharun(
  random: SeededRandom,
  size: DatasetSize,
  accountIds: string[],
  ctrlhubContacts: Map<string, ContactResource>,
): Dataset['alpharun'] {
  const contacts: AlpharunContact[] = [];
  const accountOfContact = new Map<string, string>();
  const contactsOfAccount = new Map<string, AlpharunContact[]>();
  const alpharunAccount = new Map<string, { id: string; ext_id: string | null }>();
  for (const accountId of accountIds) alpharunAccount.set(accountId, { id: random.uuid(), ext_id: accountId });
  const orphanAccounts = [
    { id: random.uuid(), ext_id: null },
    { id: random.uuid(), ext_id: null },
  ];

  const addContact = (contact: AlpharunContact, account: { id: string }) => {
    contacts.push(contact);
    accountOfContact.set(contact.id, account.id);
    contactsOfAccount.set(account.id, [...(contactsOfAccount.get(account.id) ?? []), contact]);
  };
  let index = 0;
  for (const [id, resource] of ctrlhubContacts) {
    index += 1;
    // One Ctrl-Hub contact in ten is unknown to Alpharun (its interactions read answers 404).
    if (index % 10 === 0) continue;
    const account = alpharunAccount.get(resource.relationships?.accounts?.data?.[0]?.id ?? '');
    if (!account) continue;
    const attributes = resource.attributes ?? {};
    addContact(
      {
        id: random.uuid(),
        ext_id: id,
        first_name: attributes.first_name ?? null,
        last_name: attributes.last_name ?? null,
        email: attributes.email ?? `${(attributes.first_name ?? 'someone').toLowerCase()}${index}@alpharun-mail.example`,
        phone_number: attributes.telephone ?? `+4420${String(70000000 + index * 31).slice(-8)}`,
        custom_fields: customFields(random),
      },
      account,
    );
  }
  for (let i = 0; i < size.alpharunOnlyContacts; i += 1) {
    addContact(
      {
        id: random.uuid(),
        ext_id: null,
        first_name: random.pick(FIRST_NAMES),
        last_name: random.pick(LAST_NAMES),
        email: `lead${i}@prospect.example`,
        phone_number: null,
        custom_fields: customFields(random),
      },
      orphanAccounts[i % orphanAccounts.length] as { id: string },
    );
  }

  const interactionsByAccount = new Map<string, AlpharunInteraction[]>();
  const accounts = [...alpharunAccount.values(), ...orphanAccounts];
  accounts.forEach((account, accountIndex) => {
    const members = contactsOfAccount.get(account.id) ?? [];
    // The first account is large enough to need several upstream pages.
    const count = members.length === 0 ? 0 : accountIndex === 0 ? 260 : random.int(3, 60);
    const list: AlpharunInteraction[] = [];
    for (let i = 0; i < count; i += 1) {
      const participants = members.filter(() => random.chance(0.5)).slice(0, 2);
      list.push({
        id: random.uuid(),
        summary: random.chance(0.8)
          ? `Customer asked about ${random.pick(['their bill', 'a power cut', 'a smart meter', 'moving home'])}`
          : null,
        teammate: random.chance(0.7) ? { id: random.uuid(), email: `agent${random.int(1, 9)}@alpharun-team.example` } : null,
        data_extraction_fields: extractionFields(random),
        account: { id: account.id, ext_id: account.ext_id },
        contacts: participants.length > 0 ? participants : members.slice(0, 1),
      });
    }
    interactionsByAccount.set(account.id, list);
  });
  return { contacts, interactionsByAccount, accountOfContact };
}

function customFields(random: SeededRandom): AlpharunDataField[] {
  return [
    { key: 'preferred_contact_method', name: 'Preferred Contact Method', type: 'text', value: random.pick(['email', 'phone', 'sms']) },
    { key: 'vulnerable_customer', name: 'Vulnerable Customer', type: 'boolean', value: random.chance(0.1) },
  ];
}

function extractionFields(random: SeededRandom): AlpharunDataField[] {
  const fields: AlpharunDataField[] = [
    { key: 'customer_satisfaction_score', name: 'Customer Satisfaction Score', type: 'number', value: random.int(1, 10) / 2 },
    { key: 'issue_resolved', name: 'Issue Resolved', type: 'boolean', value: random.chance(0.6) },
    { key: 'topic', name: 'Topic', type: 'text', value: random.pick(['billing', 'outage', 'metering', 'tariff']) },
  ];
  // Types beyond the documented three appear too; the gateway must pass them through.
  if (random.chance(0.2)) fields.push({ key: 'follow_up_on', name: 'Follow-up Date', type: 'date', value: '2026-12-01' });
  if (random.chance(0.1)) fields.push({ key: 'tags', name: 'Tags', type: 'list', value: ['priority', 'callback'] });
  if (random.chance(0.1)) fields.push({ key: 'escalation_note', name: 'Escalation Note', type: 'text', value: null });
  return fields;
}
