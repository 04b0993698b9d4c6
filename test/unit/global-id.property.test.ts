import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENCODED_IDS_PER_TYPE, encodeGlobalId, NODE_TYPES, tryDecodeGlobalId } from '../../src/schema/global-id.js';

/** What a global id is, written out: the encodings the gateway remembers must never differ from it. */
const spelled = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString('base64url');

describe('global ids, however often and in whatever order they are asked for', () => {
  it('are the base64url of `Type:id` for any id and type, asked once or again', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...NODE_TYPES), fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.uuid())), {
          minLength: 1,
          maxLength: 60,
        }),
        (asks) => {
          // Every ask twice, the second time from what is remembered: the same id under two types included.
          for (const [typename, id] of [...asks, ...asks.map(([, id]): [string, string] => [asks[0]?.[0] ?? 'Contact', id])]) {
            expect(encodeGlobalId(typename, id)).toBe(spelled(typename, id));
            expect(encodeGlobalId(typename, id)).toBe(spelled(typename, id));
          }
        },
      ),
    );
  });

  it('decode to the type and id they were made of', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NODE_TYPES), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), (typename, id) => {
        expect(tryDecodeGlobalId(encodeGlobalId(typename, id))).toEqual({ typename, id });
      }),
    );
  });

  it('stay right past the bound on what is remembered, and for numbers as for their text', () => {
    const ids = Array.from({ length: ENCODED_IDS_PER_TYPE * 2 + 7 }, (_, index) => `id-${index}`);
    for (const id of ids) expect(encodeGlobalId('Property', id)).toBe(spelled('Property', id));
    for (const id of ids.slice(0, 50)) expect(encodeGlobalId('Property', id)).toBe(spelled('Property', id));
    expect(encodeGlobalId('Account', 42)).toBe(spelled('Account', '42'));
    expect(encodeGlobalId('Account', 42n)).toBe(spelled('Account', '42'));
    expect(encodeGlobalId('Account', 'x'.repeat(500))).toBe(spelled('Account', 'x'.repeat(500)));
  });
});
