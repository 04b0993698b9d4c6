import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from './metrics.js';
import type { Tracing } from './tracing.js';

export { createMetrics, type GatewayMetrics } from './metrics.js';
export { upstreamSpanRecorder } from './upstream-spans.js';
// The tracing SDK itself is imported on demand: `await import('./observability/tracing.js')`.
export type { Tracing } from './tracing.js';

export interface ObservabilityOptions {
  metrics?: GatewayMetrics | undefined;
  tracing?: Tracing | undefined;
}

/** The Yoga side of observability: one span per GraphQL operation, and `/metrics` per operation. */
export function observabilityPlugins({ metrics, tracing }: ObservabilityOptions): Plugin[] {
  const plugins: Plugin[] = [];
  if (tracing) plugins.push(tracing.operationSpans);
  if (metrics) {
    plugins.push(
      useMetricsEndpoint(metrics),
      usePrometheus({
        // Served by `useMetricsEndpoint`, which can merge the metrics of every worker.
        endpoint: false,
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

/** `GET /metrics`: the Prometheus text exposition of `metrics.render()`. */
function useMetricsEndpoint(metrics: GatewayMetrics): Plugin {
  return {
    onRequest({ url, fetchAPI, endResponse }) {
      if (url.pathname !== '/metrics') return;
      return metrics
        .render()
        .then((text) => endResponse(new fetchAPI.Response(text, { headers: { 'content-type': metrics.registry.contentType } })));
    },
  };
}
