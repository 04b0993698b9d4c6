import { context, SpanKind, SpanStatusCode, type TracerProvider } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { UpstreamAttempt } from '../upstream/http/client.js';

/**
 * OpenTelemetry tracing: one span per GraphQL operation (@envelop/opentelemetry) and, as its
 * children, one per upstream HTTP request. Off unless an exporter is configured; when off, nothing
 * is installed, so it costs nothing.
 */
export interface Tracing {
  provider: TracerProvider;
  shutdown(): Promise<void>;
}

/**
 * A provider exporting through `processor`, registered as the process's global one so the operation's
 * span is the active context while its resolvers and loaders run.
 */
export function startTracing(serviceName: string, processor: SpanProcessor): Tracing {
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), spanProcessors: [processor] });
  provider.register();
  return { provider, shutdown: () => provider.shutdown() };
}

/** OTLP over HTTP to `OTEL_EXPORTER_OTLP_ENDPOINT` (the exporter reads the standard OTEL_* variables itself). */
export function startOtlpTracing(serviceName: string): Tracing {
  return startTracing(serviceName, new BatchSpanProcessor(new OTLPTraceExporter()));
}

/**
 * Records an upstream attempt as a finished client span. It is built after the fact from the attempt's
 * timings, so the HTTP client stays free of tracing; it runs in the attempt's async context, whose
 * active span is the GraphQL operation that caused it.
 */
export function upstreamSpanRecorder(provider: TracerProvider): (attempt: UpstreamAttempt) => void {
  const tracer = provider.getTracer('ctrlgraph.upstream');
  return (attempt) => {
    const span = tracer.startSpan(
      `${attempt.upstream} ${attempt.method}`,
      {
        kind: SpanKind.CLIENT,
        startTime: attempt.startedAt,
        attributes: {
          'ctrlgraph.upstream': attempt.upstream,
          'ctrlgraph.batch_size': attempt.batchSize,
          'ctrlgraph.retry': attempt.retry,
          'http.request.method': attempt.method,
          'url.path': attempt.path,
          ...(attempt.status === undefined ? {} : { 'http.response.status_code': attempt.status }),
        },
      },
      context.active(),
    );
    if (attempt.error || (attempt.status ?? 0) >= 400) span.setStatus({ code: SpanStatusCode.ERROR, ...(attempt.error ? { message: attempt.error } : {}) });
    span.end(attempt.startedAt + attempt.durationMs);
  };
}

