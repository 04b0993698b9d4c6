import { Kind, parse } from 'graphql';

/**
 * Operation names as metric label values, bounded: every distinct label value is a new time series,
 * and the name is the client's to choose. Names of known operations (the persisted manifest's) are
 * always kept; other valid names are kept until `cap` of them have been seen, and everything after
 * that is `other`. A series, once created, stays, so the bound holds for the life of the process.
 */
export class OperationNameLabels {
  private readonly known = new Set<string>();
  private readonly seen = new Set<string>();

  constructor(private readonly cap: number) {}

  /** Names that always get their own series (persisted operations). */
  know(names: Iterable<string>): void {
    for (const name of names) this.known.add(name);
  }

  label(name: string | undefined): string {
    if (!name || name === 'Anonymous') return 'Anonymous';
    if (this.known.has(name) || this.seen.has(name)) return name;
    if (this.seen.size < this.cap && isOperationName(name)) {
      this.seen.add(name);
      return name;
    }
    return 'other';
  }
}

// A GraphQL name of sensible length: label values are stored once per series and scraped every time.
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/** Whether a client's `operationName` could name an operation, at a length fit for a label or a log line. */
export const isOperationName = (name: unknown): name is string => typeof name === 'string' && GRAPHQL_NAME.test(name);

/** The names of the operations in some documents (a manifest's texts); documents that do not parse name none. */
export function operationNamesIn(documents: Iterable<string>): string[] {
  const names: string[] = [];
  for (const text of documents) {
    try {
      for (const definition of parse(text).definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.push(definition.name.value);
      }
    } catch {
      // A manifest entry that does not parse is refused when it runs; it names no series.
    }
  }
  return names;
}
