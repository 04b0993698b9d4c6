import type { IncomingHttpHeaders } from 'node:http';

export interface SimRequest {
  /** Decoded path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** `GET`, or a write method whose body is `body`. */
  method: string;
  body?: string;
}

export interface SimResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
