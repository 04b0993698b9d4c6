import type { IncomingHttpHeaders } from 'node:http';

export type SimulatedUpstream = 'ctrlhub' | 'alpharun';

/** One request as the simulated upstream saw it; credential headers are recorded as present or absent only. */
export interface RecordedRequest {
  upstream: SimulatedUpstream;
  method: string;
  /** Decoded path, without the query string. */
  path: string;
  /** The raw path as sent, percent-encoding intact. */
  rawPath: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The body of a write, exactly as received. */
  body?: string;
  /** Which TCP connection carried the request, numbered in order of arrival (an access log's client port). */
  connection: number;
  status: number;
  at: number;
  /** The client went away before the answer was complete. */
  abandoned: boolean;
}

const SECRET_HEADERS = new Set(['authorization', 'x-session-token', 'cookie']);

export function recordableHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const recorded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    recorded[name] = SECRET_HEADERS.has(name) ? '[present]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return recorded;
}

/** Every request counted; the newest `maxEntries` kept in full (a long benchmark must not grow it forever). */
export class RequestLog {
  readonly entries: RecordedRequest[] = [];
  readonly counts: Record<SimulatedUpstream, number> = { ctrlhub: 0, alpharun: 0 };

  constructor(private readonly maxEntries = Number.POSITIVE_INFINITY) {}

  record(entry: RecordedRequest): void {
    this.counts[entry.upstream] += 1;
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
  }

  of(upstream: SimulatedUpstream): RecordedRequest[] {
    return this.entries.filter((entry) => entry.upstream === upstream);
  }

  clear(): void {
    this.entries.length = 0;
    this.counts.ctrlhub = 0;
    this.counts.alpharun = 0;
  }
}
