const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(value: string | null | undefined): string {
  return value ? dateTime.format(new Date(value)) : '—';
}

/** `TELEPHONE` → `Telephone`; the graph maps values it does not know to `UNKNOWN`. */
export function formatEnum(value: string | null | undefined): string {
  return value ? value.charAt(0) + value.slice(1).toLowerCase().replaceAll('_', ' ') : '—';
}

export function personName(person: { firstName?: string | null; lastName?: string | null } | null | undefined): string {
  const name = [person?.firstName, person?.lastName].filter(Boolean).join(' ');
  return name || 'Unnamed';
}
