import { defaultAnswersPerTurn, defaultTuning, type UpstreamTuning } from '../../src/config/index.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/server.js';
import { createUpstreams, type Upstreams } from '../../src/upstream/index.js';

export interface UpstreamFixture {
  simulator: Simulator;
  upstreams: Upstreams;
  close(): Promise<void>;
}

/** A simulator on port 0 and the real upstream clients pointed at it. */
export async function startUpstreams(
  options: {
    tuning?: Partial<UpstreamTuning>;
    simulator?: SimulatorOptions;
    sessionToken?: string;
    apiToken?: string;
    pageLimit?: number;
  } = {},
): Promise<UpstreamFixture> {
  const simulator = await startSimulator({ port: 0, ...options.simulator });
  const upstreams = createUpstreams({
    endpoints: {
      ctrlhub: { ...simulator.endpoints.ctrlhub, sessionToken: options.sessionToken ?? simulator.ctrlhubSessionToken },
      alpharun: { ...simulator.endpoints.alpharun, apiToken: options.apiToken ?? simulator.alpharunApiToken },
    },
    tuning: { ...defaultTuning(), retryBaseDelayMs: 10, ...options.tuning },
    ctrlhubPageLimit: options.pageLimit ?? 100,
    answersPerTurn: defaultAnswersPerTurn(),
  });
  return {
    simulator,
    upstreams,
    close: async () => {
      await upstreams.close();
      await simulator.close();
    },
  };
}

/** Runs `promise` expecting a rejection and returns the error, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection, but the promise resolved');
}
