import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

/**
 * graphql-scalars' `DateTime`, answering with the ISO text its `Date` turns into on the wire rather
 * than the `Date`. A `Date` in a result sends `JSON.stringify` through every value's `toJSON`, off
 * V8's fast path: the 100-row org page took 0.69 ms to serialize with its dates as `Date`s and
 * 0.39 ms with the same dates as text (bench/README.md, Round 8). Validation, input parsing and the
 * errors stay graphql-scalars' own.
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  serialize(value) {
    if (typeof value === 'string') {
      const text = wireTextOf(value);
      if (text !== undefined) return text;
    }
    const serialized: unknown = DateTimeResolver.serialize(value);
    // A timestamp outside Date's range is an invalid Date, which graphql-scalars hands on and JSON
    // writes as null (toISOString would throw): it is handed on here too.
    return serialized instanceof Date && !Number.isNaN(serialized.getTime()) ? serialized.toISOString() : serialized;
  },
});

/**
 * RFC 3339 date-time text in the spelling upstreams send: upper-case `T` and `Z`, no leap second, at
 * most nine fraction digits. Strictly narrower than what graphql-scalars accepts, so every text that
 * matches is one it accepts too; the rest (lower case, leap seconds, impossible days) goes to it.
 */
const UPSTREAM_DATE_TIME =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** `YYYY-MM-DDThh:mm:ss` then `Z`, `.sZ`, `.ssZ` or `.sssZ`: the longest UTC text written as it is. */
const LONGEST_UTC_TEXT = 24;

/**
 * What graphql-scalars' `Date` for `text` becomes on the wire (`toISOString`), or `undefined` to let
 * graphql-scalars decide. Its validation runs three regular expressions, an upper-casing and a
 * `Date.parse` per value: on the 100-row org page, 4 % of the main thread at 100 clients. UTC text
 * with up to three fraction digits already is that text once the fraction has three digits, so it
 * needs no `Date` at all; an offset still goes through one.
 */
function wireTextOf(text: string): string | undefined {
  const match = UPSTREAM_DATE_TIME.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (DAYS_IN_MONTH[month] ?? 0) || (month === 2 && day === 29 && !leap)) return undefined;
  if (text.endsWith('Z') && text.length <= LONGEST_UTC_TEXT) {
    // Seconds end at index 19; what lies between them and the `Z` is `""` or `.s` to `.sss`.
    const fraction = text.length === 20 ? '.000' : text.slice(19, -1).padEnd(4, '0');
    return `${text.slice(0, 19)}${fraction}Z`;
  }
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
