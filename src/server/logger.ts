import type { YogaLogger } from 'graphql-yoga';
import { pino, type DestinationStream, type Logger } from 'pino';

import { CREDENTIAL_HEADERS } from './caller-credentials.js';

export type { Logger } from 'pino';

/** Header names whose values never reach a log line: every header that carries a credential. */
export const REDACTED_HEADERS = [
  'authorization',
  'x-session-token',
  'cookie',
  CREDENTIAL_HEADERS.ctrlhubSessionToken,
  CREDENTIAL_HEADERS.alpharunApiToken,
];

/**
 * The process logger. Credential headers are redacted by path, and every configured secret
 * (upstream tokens, API keys) is cut out of each line by value as a last line of defence:
 * an upstream may echo what it was sent inside an error we log.
 */
export function createLogger(level: string, options: { destination?: DestinationStream; secrets?: readonly string[] } = {}): Logger {
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 4);
  const escaped = secrets.map((secret) => JSON.stringify(secret).slice(1, -1));
  return pino(
    {
      name: 'ctrlgraph',
      level,
      redact: {
        paths: REDACTED_HEADERS.flatMap((name) => [`headers.${name}`, `headers["${name}"]`, `req.headers.${name}`]),
        censor: '[redacted]',
      },
      ...(secrets.length > 0
        ? { hooks: { streamWrite: (line: string) => escaped.reduce((text, secret) => text.split(secret).join('[redacted]'), line) } }
        : {}),
    },
    options.destination,
  );
}

/**
 * Yoga's view of the logger. Yoga logs at `error` every error that `maskError` replaced; ours
 * already logged those at the right level (upstream failures at warn), so Yoga's go to debug.
 */
export function yogaLogger(logger: Logger): YogaLogger {
  return {
    debug: (...args: unknown[]) => logger.debug({ yoga: args }, 'yoga'),
    info: (...args: unknown[]) => logger.info({ yoga: args }, 'yoga'),
    warn: (...args: unknown[]) => logger.warn({ yoga: args }, 'yoga'),
    error: (...args: unknown[]) => logger.debug({ yoga: args }, 'yoga: error already reported by the error mask'),
  };
}
