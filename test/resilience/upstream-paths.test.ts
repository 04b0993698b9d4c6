import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId, NODE_TYPES } from '../../src/schema/global-id.js';
import type { RecordedRequest } from '../../src/simulator/request-log.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';
import { propertyRuns } from '../support/property-runs.js';

/**
 * No client-chosen value changes an upstream route. Every id reaches the upstream as exactly one
 * path segment that decodes to the value given (or the field is refused and nothing is sent), and
 * every request goes to a documented route under the org whose credentials it carries.
 */
const HOSTILE = [
  '.',
  '..',
  '%2e',
  '%2E%2E',
  '.%2e',
  '../..',
  '../contacts',
  '../../../orgs/other-org/customers/contacts',
  'a/../..',
  '/',
  '//',
  '\\',
  '..\\..',
  'a?b=c',
  '?',
  '#',
  '#..',
  '%',
  '%2F',
  '%252e%252e',
  ';',
  '..;',
  ' ',
  '\t',
  '\u0000',
  '\ud800',
  'é',
  '\u2025',
  'alt:ext_id:..',
  'alpharun:..',
];

let gateway: GatewayFixture;
let documented: RegExp[];
beforeAll(async () => {
  gateway = await startGateway({ forwardCredentials: true });
  documented = documentedRoutes(gateway.simulator.orgId);
});
afterAll(() => gateway.close());
beforeEach(() => gateway.resetRequests());

function documentedRoutes(org: string): RegExp[] {
  const o = encodeURIComponent(org).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [
    new RegExp(`^/v3/orgs/${o}/customers/interactions$`),
    new RegExp(`^/v3/orgs/${o}/customers/(interactions|contacts|accounts)/(?<id>[^/]+)$`),
    /^\/api\/v1\/contacts$/,
    /^\/api\/v1\/contacts\/(?<id>[^/]+)\/customer-interactions$/,
    /^\/api\/v1\/customer-interactions\/(?<id>[^/]+)$/,
  ];
}

/** Every field that turns an argument into an upstream path segment, each under its own alias. */
const BY_ID = `query ById($raw: ID!, ${NODE_TYPES.map((type) => `$${type}: ID!`).join(', ')}) {
  contact(id: $raw) { id firstName customerInteractions(first: 1) { edges { cursor } } }
  account(id: $raw) { id customerInteractions(first: 1) { edges { cursor } } }
  ${NODE_TYPES.map((type) => `${type}: node(id: $${type}) { id }`).join('\n  ')}
}`;

async function queryById(value: string) {
  const variables = Object.fromEntries([['raw', value], ...NODE_TYPES.map((type) => [type, encodeGlobalId(type, value)])]);
  const { status, body } = await gateway.post({ query: BY_ID, variables });
  expect(status).toBe(200);
  for (const error of body.errors ?? []) expect(['BAD_USER_INPUT', 'UPSTREAM_ERROR']).toContain(error.extensions?.code);
  return body;
}

/** The id segment of a by-id request decodes to the value given: the value was one segment, not a route. */
function expectOnlyDocumentedRoutes(requests: RecordedRequest[], value: string) {
  for (const request of requests) {
    const route = documented.map((pattern) => pattern.exec(request.rawPath)).find(Boolean);
    expect(route, `${request.upstream} ${request.rawPath} is not a documented route`).toBeTruthy();
    const segment = route?.groups?.['id'];
    if (segment !== undefined) {
      // A global id holds UTF-8, so a lone surrogate inside one arrives as U+FFFD.
      const sent = [value, value.replace(/\p{Cs}/gu, '\ufffd')];
      expect(sent.flatMap((id) => [id, `alt:ext_id:${id}`])).toContain(decodeURIComponent(segment));
    }
  }
}

describe('ids in upstream paths', () => {
  it.each(HOSTILE)('keeps %j one path segment on every by-id route', async (value) => {
    await queryById(value);
    expectOnlyDocumentedRoutes(gateway.requests(), value);
  });

  it('refuses a dot-segment id as bad input, without calling upstream for it', async () => {
    const { body } = await gateway.post({ query: '{ contact(id: "..") { id } }' });
    expect(body.data).toEqual({ contact: null });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/".." is not an id/);
    expect(gateway.requests().filter((request) => !/\/customers\/interactions$/.test(request.rawPath))).toEqual([]);
  });

  it('keeps any string one path segment (property)', async () => {
    for (const run of propertyRuns()) {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string({ unit: 'binary' }),
            fc.string({ unit: fc.integer({ min: 0xd700, max: 0xe000 }).map((code) => String.fromCharCode(code)) }),
            fc.string({ unit: fc.constantFrom('.', '/', '\\', '%', '2', 'e', '?', '#', ':') }),
          ),
          async (value) => {
            gateway.resetRequests();
            await queryById(value);
            expectOnlyDocumentedRoutes(gateway.requests(), value);
          },
        ),
        run,
      );
    }
  });
});

describe('forwarded org ids', () => {
  const QUERY = { query: '{ interactions(first: 1) { totalCount } }' };

  it("refuses an org id without the caller's session token: it would borrow the gateway's token", async () => {
    const response = await gateway.post(QUERY, { 'x-ctrlhub-org-id': 'another-org' });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.body.errors?.[0]?.message).toMatch(/x-ctrlhub-org-id` needs `x-ctrlhub-session-token/);
    expect(gateway.requests()).toEqual([]);
  });

  it.each(['.', '..'])('refuses the org id %j, which would change the route', async (org) => {
    const response = await gateway.post(QUERY, { 'x-ctrlhub-org-id': org, 'x-ctrlhub-session-token': 'callers-token' });
    expect(response.status).toBe(401);
    expect(gateway.requests()).toEqual([]);
  });

  it('calls only documented routes under the org the credentials belong to (property)', async () => {
    // Header values are byte strings without line breaks; leading and trailing spaces are not part of them.
    const headerText = fc
      .string({ unit: fc.constantFrom('.', '/', '\\', '%', '2', 'e', 'F', '?', '#', ';', ' ', 'a', '~', '\u00e9') })
      .filter((value) => value.trim() === value && value !== '');
    for (const run of propertyRuns()) {
      await fc.assert(
        fc.asyncProperty(headerText, async (org) => {
          gateway.resetRequests();
          const response = await gateway.post(QUERY, { 'x-ctrlhub-org-id': org, 'x-ctrlhub-session-token': 'callers-token' });
          if (org === '.' || org === '..') {
            expect(response.status).toBe(401);
            expect(gateway.requests()).toEqual([]);
            return;
          }
          const requests = gateway.requests('ctrlhub');
          expect(requests).toHaveLength(1);
          const route = documentedRoutes(org)[0] as RegExp;
          expect(requests[0]?.rawPath).toMatch(route);
        }),
        run,
      );
    }
  });
});
