import { badUserInput } from '../errors/index.js';

/** Relay connection arguments as they arrive from the client. */
export interface ConnectionArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface PageSizeLimits {
  /** Largest `first`/`last` a client may ask for. */
  maxPageSize: number;
  /** Page size when the client gives neither `first` nor `last`. */
  defaultPageSize: number;
}

export type PageRequest = { direction: 'forward'; size: number } | { direction: 'backward'; size: number };

/** Checks `first`/`last` and says which way the client pages; all before any upstream call. */
export function pageRequest(args: ConnectionArgs, limits: PageSizeLimits): PageRequest {
  const hasFirst = args.first !== undefined && args.first !== null;
  const hasLast = args.last !== undefined && args.last !== null;
  if (hasFirst && hasLast) throw badUserInput('Pass either `first` (with `after`) or `last` (with `before`), not both', 'first');
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value !== undefined && value !== null && (value < 0 || value > limits.maxPageSize)) {
      throw badUserInput(`\`${name}\` must be between 0 and ${limits.maxPageSize}, got ${value}`, name);
    }
  }
  if (hasLast) return { direction: 'backward', size: args.last as number };
  return { direction: 'forward', size: hasFirst ? (args.first as number) : limits.defaultPageSize };
}
