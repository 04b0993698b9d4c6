/**
 * `npm start`: reads the configuration, builds the gateway (demo mode starts the embedded simulator)
 * and serves the graph until SIGTERM/SIGINT.
 */
import { ConfigError, loadConfig } from './config/index.js';
import { createGateway, type Gateway } from './gateway.js';
import { ManifestError } from './server/persisted-operations.js';

let gateway: Gateway;
try {
  gateway = await createGateway(loadConfig());
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof ManifestError)) throw error;
  process.stderr.write(`ctrlgraph: invalid configuration: ${error.message}\n`);
  process.exit(1);
}

const { config, logger } = gateway;
try {
  const url = await gateway.listen();
  const { ctrlhub, alpharun } = gateway.endpoints;
  logger.info(
    {
      url: url.href,
      simulator: Boolean(gateway.simulator),
      ctrlhub: ctrlhub.baseUrl,
      alpharun: alpharun.baseUrl,
      metrics: config.telemetry.metrics,
      tracing: config.telemetry.otlpEndpoint ?? false,
      ui: config.uiDir ? new URL('/ui/', url).href : false,
    },
    `ctrlgraph listening on ${url.href}`,
  );
} catch (error) {
  process.stderr.write(`ctrlgraph: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}\n`);
  process.exit(1);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing in-flight requests');
  await gateway.close();
  logger.info('stopped');
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
