import { AggregatorRegistry } from 'prom-client';
import type { GatewayWiring } from '../gateway.js';
import { isOurs, type SupervisorMessage, type WorkerMessage } from './messages.js';

const send = (message: WorkerMessage) => process.send?.(message);

/**
 * A worker's side of the supervisor: it waits for the upstreams to call (the supervisor's simulator in
 * demo mode, so every worker serves the same data) and answers `/metrics` with every worker's metrics,
 * merged by the supervisor through prom-client's cluster aggregation.
 */
export async function joinSupervisor(): Promise<GatewayWiring> {
  // Answers the supervisor's metric requests from the first moment; the registry joins once it exists.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([]);

  const pending = new Map<number, { resolve(text: string): void; reject(error: Error): void }>();
  let nextId = 0;
  const started = new Promise<Extract<SupervisorMessage, { type: 'ctrlgraph:start' }>>((resolve) => {
    process.on('message', (message: unknown) => {
      if (!isOurs<SupervisorMessage>(message)) return;
      if (message.type === 'ctrlgraph:start') resolve(message);
      else if (message.type === 'ctrlgraph:metrics') {
        const request = pending.get(message.id);
        pending.delete(message.id);
        if ('text' in message) request?.resolve(message.text);
        else request?.reject(new Error(message.error));
      }
    });
  });
  send({ type: 'ctrlgraph:hello' });
  const { endpoints } = await started;

  return {
    ...(endpoints ? { endpoints } : {}),
    joinMetricsCluster(registry) {
      AggregatorRegistry.setRegistries([registry]);
      return () =>
        new Promise<string>((resolve, reject) => {
          const id = nextId++;
          pending.set(id, { resolve, reject });
          send({ type: 'ctrlgraph:metrics', id });
        });
    },
  };
}
