import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { UpstreamEndpoints } from '../config/index.js';

/** One worker's metrics as prom-client hands them over for merging. */
export type WorkerMetrics = MetricObjectWithValues<MetricValue<string>>[];

/** What the supervisor and its workers say to each other over the cluster's IPC channel. */
export type WorkerMessage =
  /** The worker listens for messages and waits for its start. */
  | { type: 'ctrlgraph:hello' }
  /** The worker asks for every worker's metrics merged. */
  | { type: 'ctrlgraph:metrics'; id: number }
  /** The worker's own metrics, for a merge the supervisor asked for. */
  | { type: 'ctrlgraph:own-metrics'; id: number; metrics: WorkerMetrics };

export type SupervisorMessage =
  /** The upstreams every worker calls: the simulator the supervisor runs in demo mode, else absent. */
  | { type: 'ctrlgraph:start'; endpoints: UpstreamEndpoints | undefined }
  | { type: 'ctrlgraph:metrics'; id: number; text: string }
  | { type: 'ctrlgraph:metrics'; id: number; error: string }
  /** The supervisor asks a worker for its own metrics. */
  | { type: 'ctrlgraph:own-metrics'; id: number };

const TYPES = new Set(['ctrlgraph:hello', 'ctrlgraph:start', 'ctrlgraph:metrics', 'ctrlgraph:own-metrics']);

/** The channel may carry other libraries' messages too; these are ours. */
export function isOurs<T extends WorkerMessage | SupervisorMessage>(message: unknown): message is T {
  return typeof message === 'object' && message !== null && TYPES.has((message as { type?: unknown }).type as string);
}
