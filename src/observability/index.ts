import { createCounter, createHistogram, type FillLabelsFnParams, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from './metrics.js';
import type { Tracing } from './tracing.js';

export { createMetrics, type GatewayMetrics } from './metrics.js';
export { upstreamSpanRecorder } from './upstream-spans.js';
// The tracing SDK itself is imported on demand: `await import('./observability/tracing.js')`.
export type { Tracing } from './tracing.js';

const OPERATION_LABELS = ['operationName', 'operationType'] as const;
const HTTP_METHODS = new Set(['GET', 'POST', 'OPTIONS', 'HEAD']);

export interface ObservabilityOptions {
  metrics?: GatewayMetrics | undefined;
  tracing?: Tracing | undefined;
}

/** The Yoga side of observability: one span per GraphQL operation, and `/metrics` per operation. */
export function observabilityPlugins({ metrics, tracing }: ObservabilityOptions): Plugin[] {
  const plugins: Plugin[] = [];
  if (tracing) plugins.push(tracing.operationSpans);
  if (metrics) {
    const { registry, operationNames } = metrics;
    const operationLabels = (params: FillLabelsFnParams) => ({
      operationName: operationNames.label(params.operationName),
      operationType: params.operationType ?? 'unknown',
    });
    plugins.push(
      useMetricsEndpoint(metrics),
      usePrometheus({
        // Served by `useMetricsEndpoint`, which can merge the metrics of every worker.
        endpoint: false,
        registry,
        skipIntrospection: true,
        // Every label bounded: operation names through `operationNames`, HTTP methods to a fixed set, and
        // neither the URL (query strings) nor error paths (aliases, indexes), which clients choose freely.
        metrics: {
          graphql_envelop_request: createCounter({
            registry,
            counter: { name: 'graphql_envelop_request', help: 'Counts the GraphQL requests', labelNames: OPERATION_LABELS },
            fillLabelsFn: operationLabels,
          }),
          graphql_envelop_request_duration: createHistogram({
            registry,
            histogram: {
              name: 'graphql_envelop_request_duration',
              help: 'Time spent on running the GraphQL operation from parse to execute',
              labelNames: OPERATION_LABELS,
            },
            fillLabelsFn: operationLabels,
          }),
          graphql_envelop_error_result: createCounter({
            registry,
            counter: {
              name: 'graphql_envelop_error_result',
              help: 'Counts the errors reported, by the phase that reported them',
              labelNames: [...OPERATION_LABELS, 'phase'],
            },
            fillLabelsFn: (params) => ({ ...operationLabels(params), phase: params.errorPhase ?? 'execute' }),
          }),
          graphql_envelop_phase_execute: createHistogram({
            registry,
            histogram: {
              name: 'graphql_envelop_phase_execute',
              help: 'Time spent on running the GraphQL "execute" function',
              labelNames: OPERATION_LABELS,
            },
            fillLabelsFn: operationLabels,
          }),
          graphql_yoga_http_duration: createHistogram({
            registry,
            histogram: {
              name: 'graphql_yoga_http_duration',
              help: 'Time spent on HTTP connection',
              labelNames: [...OPERATION_LABELS, 'method', 'statusCode'],
            },
            fillLabelsFn: (params, { request, response }: { request: Request; response: Response }) => ({
              ...operationLabels(params),
              method: HTTP_METHODS.has(request.method) ? request.method : 'other',
              statusCode: response.status,
            }),
          }),
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
      return metrics.render().then(
        (text) => endResponse(new fetchAPI.Response(text, { headers: { 'content-type': metrics.registry.contentType } })),
        // A worker that does not answer the merge in time (stuck, or not yet started): this scrape fails
        // plainly, with no stack, and the next one asks again.
        (error: unknown) =>
          endResponse(
            new fetchAPI.Response(`metrics unavailable: ${error instanceof Error ? error.message : 'the workers did not answer'}\n`, {
              status: 503,
              headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' },
            }),
          ),
      );
    },
  };
}
