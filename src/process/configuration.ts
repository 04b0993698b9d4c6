import { ConfigError, type Config, loadConfig } from '../config/index.js';
import { ManifestError } from '../server/persisted-operations.js';

/** The configuration, or one line on standard error naming what is wrong and exit code 1. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    exitOnInvalidConfiguration(error);
  }
}

/** Configuration mistakes end the process with one line; anything else is a defect and is rethrown. */
export function exitOnInvalidConfiguration(error: unknown): never {
  if (!(error instanceof ConfigError || error instanceof ManifestError)) throw error;
  process.stderr.write(`ctrlgraph: invalid configuration: ${error.message}\n`);
  process.exit(1);
}
