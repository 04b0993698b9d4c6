import type { IncomingHttpHeaders } from 'node:http';

export interface SimRequest {
  /** Decoded path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface SimResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
