import { useOpenTelemetry } from '@envelop/opentelemetry';
import type { TracerProvider } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Plugin } from 'graphql-yoga';

/**
 * OpenTelemetry tracing: one span per GraphQL operation (@envelop/opentelemetry) and, as its
 * children, one per upstream HTTP request (see upstream-spans.ts). This module holds the SDK and is
 * imported only when tracing is configured, so a gateway without it neither loads nor runs any of it.
 */
export interface Tracing {
  provider: TracerProvider;
  /** The Yoga plugin that opens a span per operation and makes it the active context of its execution. */
  operationSpans: Plugin;
  /** Flushes buffered spans. */
  shutdown(): Promise<void>;
}

/** A provider exporting through `processor`, registered as the process's global one (async context included). */
export function startTracing(serviceName: string, processor: SpanProcessor): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [processor],
  });
  provider.register();
  // Operation spans only: a span per resolver would cost more than the work it describes (~2,000
  // fields per org page). Variables and results stay out of spans; they hold customer data.
  const operationSpans = useOpenTelemetry(
    { resolvers: false, variables: false, result: false },
    provider,
    undefined,
    {},
    serviceName,
  ) as Plugin;
  return { provider, operationSpans, shutdown: () => provider.shutdown() };
}

/** OTLP over HTTP to `OTEL_EXPORTER_OTLP_ENDPOINT` (the exporter reads the standard OTEL_* variables itself). */
export function startOtlpTracing(serviceName: string): Tracing {
  return startTracing(serviceName, new BatchSpanProcessor(new OTLPTraceExporter()));
}
