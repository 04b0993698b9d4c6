import type { UpstreamEndpoints } from '../config/index.js';

/** What the supervisor and its workers say to each other over the cluster's IPC channel. */
export type WorkerMessage =
  /** The worker listens for messages and waits for its start. */
  | { type: 'ctrlgraph:hello' }
  /** The worker asks for every worker's metrics merged. */
  | { type: 'ctrlgraph:metrics'; id: number };

export type SupervisorMessage =
  /** The upstreams every worker calls: the simulator the supervisor runs in demo mode, else absent. */
  | { type: 'ctrlgraph:start'; endpoints: UpstreamEndpoints | undefined }
  | { type: 'ctrlgraph:metrics'; id: number; text: string }
  | { type: 'ctrlgraph:metrics'; id: number; error: string };

const TYPES = new Set(['ctrlgraph:hello', 'ctrlgraph:start', 'ctrlgraph:metrics']);

/** prom-client shares the channel with its own messages; these are ours. */
export function isOurs<T extends WorkerMessage | SupervisorMessage>(message: unknown): message is T {
  return typeof message === 'object' && message !== null && TYPES.has((message as { type?: unknown }).type as string);
}
