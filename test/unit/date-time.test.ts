import fc from 'fast-check';
import { DateTimeResolver } from 'graphql-scalars';
import { describe, expect, it } from 'vitest';
import { DateTimeScalar } from '../../src/schema/date-time.js';

/** What a serialized value becomes on the wire: JSON. */
const wire = (serialized: unknown): unknown => JSON.parse(JSON.stringify({ value: serialized })).value;
/** What graphql-scalars' own DateTime puts on the wire for `value`: its `Date` through JSON. */
const wireOfLibrary = (value: unknown): unknown => wire(DateTimeResolver.serialize(value));
const errorOf = (serialize: () => unknown): string => {
  try {
    serialize();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the value to be refused');
};

// Years 0000–9999: what RFC 3339 text can spell.
const dates = fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });

describe('DateTime serialization', () => {
  it('answers with text, never a Date, so results stay on JSON.stringify fast path', () => {
    expect(DateTimeScalar.serialize('2024-05-01T10:00:00+01:00')).toBe('2024-05-01T09:00:00.000Z');
    expect(DateTimeScalar.serialize(new Date('2024-05-01T09:00:00Z'))).toBe('2024-05-01T09:00:00.000Z');
    expect(DateTimeScalar.serialize(Date.UTC(2024, 4, 1, 9))).toBe('2024-05-01T09:00:00.000Z');
  });

  it.each([
    '2024-05-01T10:00:00Z',
    '2024-05-01T10:00:00.1Z',
    '2024-05-01T10:00:00.123456Z',
    '2024-05-01T10:00:00-05:30',
    '2024-02-29T23:59:59.999+14:00',
    '1970-01-01T00:00:00.000Z',
  ])('puts %s on the wire exactly as graphql-scalars does', (text) => {
    expect(DateTimeScalar.serialize(text)).toBe(wireOfLibrary(text));
  });

  it('matches graphql-scalars on the wire for any date, given as a Date, a timestamp or its text at any offset', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: -14 * 60, max: 14 * 60 }), (date, offsetMinutes) => {
        const shifted = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
        // Local times shifted out of the years that text can spell are not date-time text.
        fc.pre(!/^[+-]/.test(shifted));
        const sign = offsetMinutes < 0 ? '-' : '+';
        const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
        const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
        const withOffset = `${shifted}${sign}${hours}:${minutes}`;
        for (const value of [date, date.getTime(), date.toISOString(), withOffset]) {
          expect(DateTimeScalar.serialize(value)).toBe(wireOfLibrary(value));
        }
      }),
    );
  });

  it('puts any timestamp on the wire as graphql-scalars does, out of Date’s range included', () => {
    const timestamps = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.constantFrom(8.64e15, 8.64e15 + 1, -8.64e15 - 1, Number.NaN, Number.POSITIVE_INFINITY),
    );
    fc.assert(
      fc.property(timestamps, (timestamp) => {
        expect(wire(DateTimeScalar.serialize(timestamp))).toBe(wireOfLibrary(timestamp));
      }),
    );
  });

  it.each([
    ['an impossible day', '2023-02-29T10:00:00Z'],
    ['no time zone', '2024-05-01T10:00:00'],
    ['a bare date', '2024-05-01'],
    ['an invalid Date', new Date(Number.NaN)],
    ['a boolean', true],
  ])('refuses %s with graphql-scalars’ own error', (_name, value) => {
    expect(errorOf(() => DateTimeScalar.serialize(value))).toBe(errorOf(() => DateTimeResolver.serialize(value)));
  });

  // Text shaped like a date-time with every part drawn from a range wider than valid: impossible
  // months and days, hour 24, leap seconds, long fractions, lower case, missing or odd zones.
  const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
  const dateTimeLike = fc
    .tuple(
      fc.oneof(
        fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
        fc.constantFrom('1900', '2000', '2024', '2100', '0000', '999', '10000'),
      ),
      two(13),
      two(32),
      fc.constantFrom('T', 't', ' '),
      two(25),
      two(61),
      two(61),
      fc.oneof(fc.constant(''), fc.stringMatching(/^\.\d{0,12}$/)),
      fc.oneof(
        fc.constantFrom('Z', 'z', '', '+00:00', '-00:00', '+14:00', '-12:30'),
        fc.tuple(fc.constantFrom('+', '-'), two(25), two(61)).map(([sign, h, m]) => `${sign}${h}:${m}`),
      ),
    )
    .map(
      ([year, month, day, t, hour, minute, second, fraction, zone]) =>
        `${year}-${month}-${day}${t}${hour}:${minute}:${second}${fraction}${zone}`,
    );

  /** `text` answered with graphql-scalars' wire text, or refused with its error when it refuses it. */
  const expectSameAsLibrary = (text: string) => {
    let expected: unknown;
    try {
      expected = wireOfLibrary(text);
    } catch {
      expect(errorOf(() => DateTimeScalar.serialize(text))).toBe(errorOf(() => DateTimeResolver.serialize(text)));
      return;
    }
    expect(DateTimeScalar.serialize(text)).toBe(expected);
  };

  it('answers or refuses any date-time-like text exactly as graphql-scalars does', () => {
    fc.assert(fc.property(fc.oneof(dateTimeLike, fc.string()), expectSameAsLibrary), { numRuns: 20_000 });
  });

  it.each([
    ['2024-02-29T10:00:00Z', '2024-02-29T10:00:00.000Z'],
    ['2000-02-29T10:00:00.5Z', '2000-02-29T10:00:00.500Z'],
    ['2024-12-31T23:59:59.99Z', '2024-12-31T23:59:59.990Z'],
    ['0000-01-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z'],
    ['2024-05-01T10:00:00.1234Z', '2024-05-01T10:00:00.123Z'],
    ['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00.000Z'],
  ])('puts %s on the wire as %s', (text, wire) => {
    expect(DateTimeScalar.serialize(text)).toBe(wire);
    expect(wireOfLibrary(text)).toBe(wire);
  });

  it.each(['1900-02-29T10:00:00Z', '2023-04-31T10:00:00Z', '2024-05-01T10:00:60Z', '2024-05-01t10:00:00z'])(
    'hands %s to graphql-scalars, which decides',
    expectSameAsLibrary,
  );

  it('reads input exactly as graphql-scalars does', () => {
    expect(DateTimeScalar.parseValue('2024-05-01T10:00:00+01:00')).toEqual(DateTimeResolver.parseValue('2024-05-01T10:00:00+01:00'));
  });
});
