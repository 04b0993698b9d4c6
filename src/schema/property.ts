import type { PropertyAttributes } from '../upstream/ctrlhub/types.js';
import { builder } from './builder.js';
import { addParentInteractions } from './parent-interactions.js';
import { addQueryById } from './query-by-id.js';
import { Property } from './refs.js';

type Address = NonNullable<PropertyAttributes['address']>;
type Meter = { type: string | null; number: string | null };
type Psr = NonNullable<NonNullable<PropertyAttributes['psr']>>;

const PropertyAddress = builder.objectRef<Address>('PropertyAddress').implement({
  fields: (t) => {
    const text = (key: keyof Address) =>
      t.string({ nullable: true, resolve: (address) => (address[key] as string | null | undefined) ?? null });
    return {
      description: text('description'),
      department: text('department'),
      organisation: text('organisation'),
      number: text('number'),
      name: text('name'),
      thoroughfare: text('thoroughfare'),
      dependentThoroughfare: text('dependent_thoroughfare'),
      postTown: text('post_town'),
      postcode: text('postcode'),
      poBox: t.string({ nullable: true, resolve: (address) => address.po_box ?? address.pobox ?? null }),
      country: text('country'),
    };
  },
});

const GeoPoint = builder.objectRef<{ latitude: number; longitude: number }>('GeoPoint').implement({
  fields: (t) => ({ latitude: t.exposeFloat('latitude'), longitude: t.exposeFloat('longitude') }),
});

const PropertyMeter = builder.objectRef<Meter>('Meter').implement({
  fields: (t) => ({
    type: t.string({ nullable: true, description: '`mpan` (electricity) or `mprn` (gas).', resolve: (meter) => meter.type }),
    number: t.string({ nullable: true, resolve: (meter) => meter.number }),
  }),
});

const PriorityServices = builder.objectRef<Psr>('PriorityServices').implement({
  description: 'Priority Services Register details.',
  fields: (t) => ({
    indicator: t.boolean({ nullable: true, resolve: (psr) => psr.indicator ?? null }),
    priority: t.string({ nullable: true, resolve: (psr) => psr.priority ?? null }),
    notes: t.string({ nullable: true, resolve: (psr) => psr.notes ?? null }),
    contact: t.string({ nullable: true, resolve: (psr) => psr.contact ?? null }),
  }),
});

/** Current payloads give `lat_long`; older ones a GeoJSON point, `[longitude, latitude]`. */
function location(attributes: PropertyAttributes | undefined) {
  const value = attributes?.location;
  if (!value) return null;
  if ('coordinates' in value && Array.isArray(value.coordinates)) {
    const [longitude, latitude] = value.coordinates;
    return typeof latitude === 'number' && typeof longitude === 'number' ? { latitude, longitude } : null;
  }
  const latLong = 'lat_long' in value ? value.lat_long : null;
  return latLong && typeof latLong.latitude === 'number' && typeof latLong.longitude === 'number'
    ? { latitude: latLong.latitude, longitude: latLong.longitude }
    : null;
}

/** Current payloads list `meters`; older ones have top-level `mpan`/`mprn`. */
function meters(attributes: PropertyAttributes | undefined): Meter[] {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  if (attributes?.meters) return attributes.meters.map((meter) => ({ type: meter.type ?? null, number: text(meter.number) }));
  return (['mpan', 'mprn'] as const)
    .filter((type) => attributes?.[type] != null)
    .map((type) => ({ type, number: text(attributes?.[type]) }));
}

Property.implement({
  description: 'A property (premises) in Ctrl-Hub.',
  fields: (t) => ({
    ctrlHubId: t.exposeString('id', { nullable: true, description: 'The id in Ctrl-Hub.' }),
    uprn: t.string({
      nullable: true,
      description: 'Unique Property Reference Number: 12 digits, beyond GraphQL `Int`, so a string.',
      resolve: (p) => (p.attributes?.uprn === null || p.attributes?.uprn === undefined ? null : String(p.attributes.uprn)),
    }),
    address: t.field({ type: PropertyAddress, nullable: true, resolve: (p) => p.attributes?.address ?? null }),
    location: t.field({ type: GeoPoint, nullable: true, resolve: (p) => location(p.attributes) }),
    meters: t.field({ type: [PropertyMeter], resolve: (p) => meters(p.attributes) }),
    psr: t.field({ type: PriorityServices, nullable: true, resolve: (p) => p.attributes?.psr ?? null }),
  }),
});

addParentInteractions(Property, 'property', (property) => property.id, 'Ctrl-Hub interactions about this property.');
addQueryById('property', Property, 'Property', 'A property by global id or raw Ctrl-Hub id (found through its interactions).');
