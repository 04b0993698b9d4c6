import { request } from 'node:http';

export interface PlainResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One POST on a connection of its own (no keep-alive pool), so a cluster's round-robin hands each
 * request to the next worker, as it does for separate clients. Resolves with the status, or rejects
 * when the connection fails.
 */
export function postOnNewConnection(
  url: URL,
  body: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<PlainResponse> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    // A connection whose process died can stay open without an answer; a client gives up on it.
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.end(payload);
  });
}

/** Prometheus text exposition as `name{labels} → value`, and the sum of one metric over the samples matching `labels`. */
export function parseMetrics(text: string): (name: string, labels?: Record<string, string>) => number {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match?.[1] && match[2]) samples.set(match[1], Number(match[2]));
  }
  return (name, labels = {}) => {
    const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
    return [...samples]
      .filter(([key]) => (key === name || key.startsWith(`${name}{`)) && wanted.every((label) => key.includes(label)))
      .reduce((sum, [, value]) => sum + value, 0);
  };
}
