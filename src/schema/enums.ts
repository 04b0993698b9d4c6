import { builder } from './builder.js';

/**
 * Ctrl-Hub's method, direction and status are open-ended strings upstream. Each maps to an enum with
 * an `UNKNOWN` member, so a new upstream value reads as `UNKNOWN` instead of failing the query.
 */
function openEnum<const Values extends readonly string[]>(name: string, description: string, values: Values) {
  const ref = builder.enumType(name, {
    description,
    values: Object.fromEntries([...values, 'unknown'].map((value) => [value.toUpperCase().replace(/-/g, '_'), { value }])),
  });
  const known = new Set<string>(values);
  const map = (raw: string | null | undefined) =>
    raw === null || raw === undefined ? null : known.has(raw.toLowerCase()) ? raw.toLowerCase() : 'unknown';
  return { ref, map };
}

export const InteractionMethod = openEnum('InteractionMethod', 'How the customer was contacted.', [
  'letter',
  'email',
  'telephone',
  'sms',
] as const);
export const InteractionDirection = openEnum('InteractionDirection', 'Who started the interaction.', ['inbound', 'outbound'] as const);
export const InteractionStatus = openEnum('InteractionStatus', 'Where the interaction stands; `statusText` has the upstream wording.', [
  'scheduled',
  'completed',
  'cancelled',
] as const);
