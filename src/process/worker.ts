import type { Registry } from 'prom-client';
import type { GatewayWiring } from '../gateway.js';
import { isOurs, type SupervisorMessage, type WorkerMessage } from './messages.js';

const send = (message: WorkerMessage) => process.send?.(message);

/**
 * A worker's side of the supervisor: it waits for the upstreams to call (the supervisor's simulator in
 * demo mode, so every worker serves the same data) and answers `/metrics` with every worker's metrics,
 * merged by the supervisor from what each worker hands it.
 */
export async function joinSupervisor(): Promise<GatewayWiring> {
  // Until the gateway has made its registry, this worker has nothing to count.
  let own: Registry | undefined;
  const pending = new Map<number, { resolve(text: string): void; reject(error: Error): void }>();
  let nextId = 0;
  const started = new Promise<Extract<SupervisorMessage, { type: 'ctrlgraph:start' }>>((resolve) => {
    process.on('message', (message: unknown) => {
      if (!isOurs<SupervisorMessage>(message)) return;
      if (message.type === 'ctrlgraph:start') resolve(message);
      else if (message.type === 'ctrlgraph:own-metrics') {
        const { id } = message;
        void (own ? own.getMetricsAsJSON() : Promise.resolve([])).then((metrics) => send({ type: 'ctrlgraph:own-metrics', id, metrics }));
      } else if (message.type === 'ctrlgraph:metrics') {
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
      own = registry;
      return () =>
        new Promise<string>((resolve, reject) => {
          const id = nextId++;
          pending.set(id, { resolve, reject });
          send({ type: 'ctrlgraph:metrics', id });
        });
    },
  };
}
