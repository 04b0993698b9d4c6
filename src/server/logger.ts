import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Header names that carry credentials; their values never reach a log line. */
export const CREDENTIAL_HEADERS = ['authorization', 'x-session-token', 'x-ctrlhub-session-token', 'x-alpharun-token', 'cookie'];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      name: 'ctrlgraph',
      level,
      redact: { paths: CREDENTIAL_HEADERS.flatMap((name) => [`headers.${name}`, `headers["${name}"]`, `req.headers.${name}`]), censor: '[redacted]' },
    },
    destination,
  );
}
