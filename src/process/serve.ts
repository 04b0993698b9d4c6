import { type Config, withoutSecretParts } from '../config/index.js';
import { createGateway, type Gateway, type GatewayWiring } from '../gateway.js';
import { exitOnInvalidConfiguration } from './configuration.js';
import { onStopSignal } from './stop-signals.js';

/**
 * Serves the graph from this process until SIGTERM/SIGINT, then finishes in-flight requests and exits 0:
 * the whole gateway with one worker, or one worker of several under the supervisor.
 */
export async function serve(config: Config, wiring: GatewayWiring = {}): Promise<void> {
  let gateway: Gateway;
  try {
    gateway = await createGateway(config, wiring);
  } catch (error) {
    exitOnInvalidConfiguration(error);
  }

  const { logger } = gateway;
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
        // Read by the OpenTelemetry exporter as given; a key in its userinfo or query stays out of the log.
        tracing: config.telemetry.otlpEndpoint === undefined ? false : withoutSecretParts(config.telemetry.otlpEndpoint),
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
    try {
      await gateway.close();
    } catch (error) {
      // Left unhandled, the rejection would end the process with its stack and no `stopped` line.
      logger.error({ err: error }, 'stopping failed');
      process.exit(1);
    }
    logger.info('stopped');
    process.exit(0);
  }
  onStopSignal((signal) => void shutdown(signal));
}
