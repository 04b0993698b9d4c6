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
    const serialized: unknown = DateTimeResolver.serialize(value);
    // A timestamp outside Date's range is an invalid Date, which graphql-scalars hands on and JSON
    // writes as null (toISOString would throw): it is handed on here too.
    return serialized instanceof Date && !Number.isNaN(serialized.getTime()) ? serialized.toISOString() : serialized;
  },
});
