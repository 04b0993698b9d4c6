import { Fragment } from 'react';
import { graphql, useFragment } from 'react-relay';
import type { ContactProfile_contact$key } from '../__generated__/ContactProfile_contact.graphql';

/** Details Ctrl-Hub may lack and Alpharun fills in, so they can wait on Alpharun: deferred by the page. */
export function ContactProfile({ contact }: { contact: ContactProfile_contact$key }) {
  const profile = useFragment(
    graphql`
      fragment ContactProfile_contact on Contact {
        email
        telephone
        alpharunId
        customFields {
          key
          name
          value
          textValue
          numberValue
          booleanValue
        }
      }
    `,
    contact,
  );
  return (
    <>
      <dt>Email</dt>
      <dd>{profile.email ?? '—'}</dd>
      <dt>Telephone</dt>
      <dd>{profile.telephone ?? '—'}</dd>
      <dt>Alpharun id</dt>
      <dd className="mono">{profile.alpharunId ?? '—'}</dd>
      {profile.customFields?.map((field) => (
        <Fragment key={field.key}>
          <dt>{field.name}</dt>
          <dd>{fieldValue(field)}</dd>
        </Fragment>
      ))}
    </>
  );
}

interface DataFieldValue {
  value?: unknown;
  textValue: string | null | undefined;
  numberValue: number | null | undefined;
  booleanValue: boolean | null | undefined;
}

/** Alpharun fields are typed (`text`, `number`, `boolean`); any other type comes as plain JSON in `value`. */
export function fieldValue(field: DataFieldValue): string {
  if (field.textValue != null) return field.textValue;
  if (field.numberValue != null) return String(field.numberValue);
  if (field.booleanValue != null) return field.booleanValue ? 'Yes' : 'No';
  if (Array.isArray(field.value)) return field.value.length ? field.value.map(String).join(', ') : '—';
  if (field.value == null || field.value === '') return '—';
  return typeof field.value === 'object' ? JSON.stringify(field.value) : String(field.value);
}
