import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ContactsFanoutDocument, OrgPageWithRelationsDocument } from '../__generated__/graphql.js';
import { startTracing, type Tracing } from '../../src/observability/tracing.js';
import { startEntryPoint } from '../support/entry-point.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/** Reads `/metrics` and returns its samples by `name{labels}`. */
async function scrape(gateway: GatewayFixture): Promise<Map<string, number>> {
  const response = await fetch(new URL('/metrics', gateway.url));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match?.[1] && match[2]) samples.set(match[1], Number(match[2]));
  }
  return samples;
}

const sample = (samples: Map<string, number>, name: string, labels: Record<string, string>) => {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const entries = [...samples].filter(([key]) => key.startsWith(`${name}{`) && wanted.every((label) => key.includes(label)));
  return entries.reduce((sum, [, value]) => sum + value, 0);
};

describe('/metrics (Prometheus)', () => {
  let gateway: GatewayFixture;
  beforeAll(async () => {
    gateway = await startGateway({ tuning: { breakerThreshold: 2, maxRetries: 0, breakerOpenMs: 60_000 } });
  });
  afterAll(() => gateway.close());

  it('counts requests per operation and upstream requests per upstream and status, matching what the upstreams saw', async () => {
    gateway.resetRequests();
    await gateway.execute(OrgPageWithRelationsDocument, { first: 100 });
    await gateway.execute(OrgPageWithRelationsDocument, { first: 100 });
    await gateway.execute(ContactsFanoutDocument, { interactions: 30, perContact: 3 });
    const samples = await scrape(gateway);

    expect(sample(samples, 'graphql_envelop_request', { operationName: 'OrgPageWithRelations' })).toBe(2);
    expect(sample(samples, 'graphql_envelop_request_duration_count', { operationName: 'ContactsFanout' })).toBe(1);
    expect(sample(samples, 'graphql_yoga_http_duration_count', {})).toBeGreaterThanOrEqual(3);

    const ctrlhub = gateway.requests('ctrlhub').length;
    expect(ctrlhub).toBeGreaterThan(2);
    expect(sample(samples, 'ctrlgraph_upstream_requests_total', { upstream: 'ctrlhub', status: '200' })).toBe(ctrlhub);
    expect(sample(samples, 'ctrlgraph_upstream_request_duration_seconds_count', { upstream: 'ctrlhub', status: '200' })).toBe(ctrlhub);
    // The fan-out's combined contact_in requests ask for many contacts each.
    expect(sample(samples, 'ctrlgraph_upstream_request_batch_size_sum', { upstream: 'ctrlhub' })).toBeGreaterThan(ctrlhub);
    expect(sample(samples, 'ctrlgraph_loader_batch_size_count', { loader: 'ctrlhub.interactionLists' })).toBeGreaterThanOrEqual(1);
    expect(sample(samples, 'ctrlgraph_loader_batch_size_sum', { loader: 'ctrlhub.interactionLists' })).toBeGreaterThanOrEqual(10);
    expect(sample(samples, 'ctrlgraph_upstream_breaker_state', { upstream: 'ctrlhub' })).toBe(0);
  });

  it('shows failed upstream requests by status and the breaker opening', async () => {
    gateway.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'status', status: 503 } });
    for (let attempt = 0; attempt < 3; attempt++) await gateway.execute(OrgPageWithRelationsDocument, { first: 5 });
    gateway.simulator.clearFaults();
    const samples = await scrape(gateway);
    expect(sample(samples, 'ctrlgraph_upstream_requests_total', { upstream: 'ctrlhub', status: '503' })).toBe(2);
    expect(sample(samples, 'ctrlgraph_upstream_breaker_state', { upstream: 'ctrlhub' })).toBe(2);
    expect(sample(samples, 'ctrlgraph_upstream_breaker_state', { upstream: 'alpharun' })).toBe(0);
    expect(sample(samples, 'graphql_envelop_error_result', { operationName: 'OrgPageWithRelations' })).toBeGreaterThanOrEqual(3);
  });
});

describe('OpenTelemetry tracing', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let gateway: GatewayFixture;
  beforeAll(async () => {
    tracing = startTracing('ctrlgraph-test', new SimpleSpanProcessor(exporter));
    gateway = await startGateway({ tracing });
  });
  afterAll(async () => {
    await gateway.close();
    await tracing.shutdown();
  });
  beforeEach(() => {
    exporter.reset();
    gateway.resetRequests();
  });

  it('records one span per operation and, as its children, one per upstream request with upstream, status and batch size', async () => {
    const result = await gateway.execute(ContactsFanoutDocument, { interactions: 30, perContact: 3 });
    expect(result.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const operation = spans.filter((span) => span.name === 'query.ContactsFanout');
    expect(operation).toHaveLength(1);
    expect(operation[0]?.kind).toBe(SpanKind.SERVER);

    const upstream = spans.filter((span) => span.name === 'ctrlhub GET');
    const recorded = gateway.requests('ctrlhub');
    expect(upstream).toHaveLength(recorded.length);
    const parent = operation[0] as ReadableSpan;
    for (const span of upstream) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
      expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(span.attributes).toMatchObject({
        'ctrlgraph.upstream': 'ctrlhub',
        'http.response.status_code': 200,
        'http.request.method': 'GET',
      });
    }
    // Each span's batch size is the number of ids its request's filter named.
    const batchSizes = upstream.map((span) => span.attributes['ctrlgraph.batch_size']).sort();
    const idsPerRequest = recorded.map((request) => Math.max(1, (request.query['filter']?.match(/'[^']*'/g) ?? []).length)).sort();
    expect(batchSizes).toEqual(idsPerRequest);
    expect(Math.max(...idsPerRequest)).toBeGreaterThan(10);
  });

  it('marks failed upstream requests as errors on their span', async () => {
    gateway.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'status', status: 500 }, times: 3 });
    await gateway.execute(OrgPageWithRelationsDocument, { first: 5 });
    gateway.simulator.clearFaults();
    const failed = exporter
      .getFinishedSpans()
      .filter((span) => span.name === 'ctrlhub GET' && span.attributes['http.response.status_code'] === 500);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((span) => span.status.code === 2)).toBe(true);
  });

  it('records nothing for a gateway without tracing, even with a provider registered globally', async () => {
    const untraced = await startGateway();
    try {
      await untraced.execute(OrgPageWithRelationsDocument, { first: 5 });
      expect(exporter.getFinishedSpans()).toHaveLength(0);
    } finally {
      await untraced.close();
    }
  });
});

describe('OTLP export from `npm start`', () => {
  it('sends operation and upstream spans to OTEL_EXPORTER_OTLP_ENDPOINT, flushing them on SIGTERM', async () => {
    const received: { path: string; body: string }[] = [];
    const collector = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    try {
      const gateway = startEntryPoint({
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_SERVICE_NAME: 'ctrlgraph-e2e',
        GRAPHIQL: 'false',
      });
      const url = await gateway.listening;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query TracedPage { interactions(first: 3) { edges { node { id } } } }' }),
      });
      expect(response.status).toBe(200);
      gateway.child.kill('SIGTERM');
      expect(await gateway.exited).toBe(0);

      const traces = received
        .filter((request) => request.path === '/v1/traces')
        .map((request) => request.body)
        .join('\n');
      expect(traces).toContain('"query.TracedPage"');
      expect(traces).toContain('"ctrlhub GET"');
      expect(traces).toContain('ctrlgraph-e2e');
    } finally {
      collector.close();
    }
  });
});
