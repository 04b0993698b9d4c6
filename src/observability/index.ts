import { useOpenTelemetry } from '@envelop/opentelemetry';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { TracerProvider } from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from './metrics.js';

export { createMetrics, type GatewayMetrics } from './metrics.js';
export { startOtlpTracing, startTracing, upstreamSpanRecorder, type Tracing } from './tracing.js';

export interface ObservabilityOptions {
  metrics?: GatewayMetrics | undefined;
  tracerProvider?: TracerProvider | undefined;
}

/** The Yoga side of observability: `/metrics` per operation, and one span per GraphQL operation. */
export function observabilityPlugins({ metrics, tracerProvider }: ObservabilityOptions): Plugin[] {
  const plugins: Plugin[] = [];
  if (tracerProvider) {
    // Operation spans only: a span per resolver would cost more than the work it describes
    // (~2,000 fields per org page). Variables and results stay out of spans; they hold customer data.
    plugins.push(useOpenTelemetry({ resolvers: false, variables: false, result: false }, tracerProvider, undefined, {}, 'ctrlgraph') as Plugin);
  }
  if (metrics) {
    plugins.push(
      usePrometheus({
        endpoint: '/metrics',
        registry: metrics.registry,
        skipIntrospection: true,
        metrics: {
          graphql_envelop_request: true,
          graphql_envelop_request_duration: true,
          graphql_envelop_error_result: true,
          graphql_envelop_phase_execute: true,
          graphql_yoga_http_duration: true,
          // Off: a parse visitor per request (deprecated fields), summaries and per-phase histograms
          // cost more than they tell here.
          graphql_envelop_deprecated_field: false,
          graphql_envelop_request_time_summary: false,
          graphql_envelop_phase_parse: false,
          graphql_envelop_phase_validate: false,
          graphql_envelop_phase_context: false,
          graphql_envelop_schema_change: false,
        },
      }),
    );
  }
  return plugins;
}
