import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/** With introspection off (CTRLGRAPH_INTROSPECTION=false), no response reveals the schema. */
let closed: GatewayFixture;
let closedInterpreted: GatewayFixture;
let open: GatewayFixture;
beforeAll(async () => {
  [closed, closedInterpreted, open] = await Promise.all([
    startGateway({ protection: { introspection: false } }),
    startGateway({ protection: { introspection: false }, jit: false }),
    // The interpreter: its variable coercion suggests names, where graphql-jit's never does.
    startGateway({ jit: false }),
  ]);
});
afterAll(() => Promise.all([closed.close(), closedInterpreted.close(), open.close()]));

describe('introspection off', () => {
  it.each([
    '{ _service { sdl } }',
    '{ s: _service { sdl } }',
    '{ ... on Query { _service { sdl } } }',
    'query { ...F } fragment F on Query { _service { sdl } }',
  ])('refuses the federation SDL: %s', async (query) => {
    const { body } = await closed.post({ query });
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/introspection is disabled.*`_service`/);
    expect(JSON.stringify(body)).not.toMatch(/type Query|InteractionConnection/);
  });

  const MISTAKES: [string, { query: string; variables?: Record<string, unknown> }, RegExp][] = [
    ['a field', { query: '{ interactionz { totalCount } }' }, /interactions\b/],
    ['an argument', { query: '{ interactions(firs: 1) { totalCount } }' }, /"first"/],
    ['a type', { query: 'query($f: InteractionFiltr) { interactions(filter: $f) { totalCount } }' }, /"InteractionFilter"/],
    [
      'an input field of a variable',
      { query: 'query($f: InteractionFilter) { interactions(filter: $f) { totalCount } }', variables: { f: { contactId: ['x'] } } },
      /contactIds/,
    ],
    ['an input field of a literal', { query: '{ interactions(filter: { contactId: ["x"] }) { totalCount } }' }, /contactIds/],
  ];

  it.each(MISTAKES)('names no schema member in the error for a mistyped %s', async (_what, request, revealing) => {
    // Compiled execution (the default) and the interpreter coerce variables each their own way.
    for (const gateway of [closed, closedInterpreted]) {
      const { body } = await gateway.post(request);
      const text = JSON.stringify(body);
      expect(body.errors?.length).toBeGreaterThan(0);
      expect(text).not.toContain('Did you mean');
      expect(text).not.toMatch(revealing);
    }
    // With introspection on, the hint is there: the request really is one that suggests.
    expect(JSON.stringify((await open.post(request)).body)).toContain('Did you mean');
  });
});

describe('introspection on', () => {
  it('serves the federation SDL to a router', async () => {
    const { body } = await open.post({ query: '{ _service { sdl } }' });
    expect((body.data?._service as { sdl: string }).sdl).toContain('type Query');
  });
});
