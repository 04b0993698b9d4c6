import { context, SpanKind, SpanStatusCode, type TracerProvider } from '@opentelemetry/api';
import type { UpstreamAttempt } from '../upstream/http/client.js';

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
    if (attempt.error || (attempt.status ?? 0) >= 400)
      span.setStatus({ code: SpanStatusCode.ERROR, ...(attempt.error ? { message: attempt.error } : {}) });
    span.end(attempt.startedAt + attempt.durationMs);
  };
}
