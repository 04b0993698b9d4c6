/**
 * The physical floor for `orgPage`: a minimal hand-written server that answers any POST with the
 * orgPage result, built from one upstream request (limit 100, with include) and a reshape.
 * No GraphQL parsing, validation or resolvers; the same JSON a client of the gateway gets.
 * Env: CTRLHUB_BASE_URL, CTRLHUB_ORG_ID, CTRLHUB_SESSION_TOKEN, PORT.
 */
import { createServer } from 'node:http';
import { fetchOrgPage, upstreamPool } from './lib/org-page-upstream.js';

type Resource = {
  id: string;
  type: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data?: { id: string; type: string } | null }>;
};
/** A nested attribute, or null. */
const at = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>(
    (current, key) => (current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined),
    value,
  ) ?? null;
const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
/** The gateway's enum mapping: known values upper-cased, anything else UNKNOWN. */
const enumOf = (known: string[]) => (value: unknown) =>
  typeof value !== 'string' ? null : known.includes(value) ? value.toUpperCase() : 'UNKNOWN';
const methodOf = enumOf(['letter', 'email', 'telephone', 'sms']);
const statusOf = enumOf(['scheduled', 'completed', 'cancelled']);

async function orgPage(): Promise<string> {
  const document = await fetchOrgPage<{ data: Resource[]; included?: Resource[] }>();
  const included = new Map((document.included ?? []).map((resource) => [`${resource.type}:${resource.id}`, resource]));
  const related = (interaction: Resource, name: string) => {
    const ref = interaction.relationships?.[name]?.data;
    return ref ? included.get(`${ref.type}:${ref.id}`) : undefined;
  };
  const edges = document.data.map((interaction) => {
    const contact = related(interaction, 'contact');
    const account = related(interaction, 'account');
    const property = related(interaction, 'property');
    const user = related(interaction, 'representative');
    const dateTime = at(interaction.attributes, 'date_time');
    return {
      node: {
        id: globalId('CtrlHubInteraction', interaction.id),
        dateTime: typeof dateTime === 'string' ? new Date(dateTime).toISOString() : null,
        method: methodOf(at(interaction.attributes, 'method')),
        status: statusOf(at(interaction.attributes, 'status')),
        contact: contact
          ? {
              id: globalId('Contact', contact.id),
              firstName: at(contact.attributes, 'first_name'),
              lastName: at(contact.attributes, 'last_name'),
              salutation: at(contact.attributes, 'salutation'),
            }
          : null,
        account: account ? { id: globalId('Account', account.id), ctrlHubId: account.id } : null,
        property: property
          ? {
              id: globalId('Property', property.id),
              uprn: String(at(property.attributes, 'uprn')),
              address: { postcode: at(property.attributes, 'address', 'postcode') },
            }
          : null,
        representative: user
          ? {
              id: globalId('Representative', user.id),
              firstName: at(user.attributes, 'profile', 'personal', 'first_name'),
              lastName: at(user.attributes, 'profile', 'personal', 'last_name'),
              email: at(user.attributes, 'email'),
            }
          : null,
      },
    };
  });
  return JSON.stringify({ data: { interactions: { edges } } });
}

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    orgPage().then(
      (body) => response.writeHead(200, { 'content-type': 'application/json' }).end(body),
      () => response.writeHead(502).end(),
    );
  });
});
server.listen(Number(process.env.PORT ?? 4020), '127.0.0.1', () => console.log(`proxy-limit listening on ${process.env.PORT}`));
process.once('SIGTERM', () => server.close(() => void upstreamPool.close().then(() => process.exit(0))));
