import type { UpstreamAttempt } from '../upstream/http/client.js';
import type { UpstreamName } from '../upstream/http/errors.js';
import type { Upstreams } from '../upstream/index.js';

/**
 * Ready means both upstreams answered recently. Real traffic counts as evidence; a cheap probe
 * (one interaction, one contact) runs only for an upstream not heard from within `freshMs`.
 */
export interface Readiness {
  observe(attempt: UpstreamAttempt): void;
  check(): Promise<boolean>;
}

export function createReadiness(upstreams: Upstreams, freshMs: number): Readiness {
  const lastAnswer: Record<UpstreamName, number> = { ctrlhub: 0, alpharun: 0 };
  const answered = (status: number | undefined) => status !== undefined && status < 500 && status !== 401 && status !== 403;
  const probes: Record<UpstreamName, () => Promise<unknown>> = {
    ctrlhub: () => upstreams.ctrlhub.listInteractions({ limit: 1 }),
    alpharun: () => upstreams.alpharun.listContacts({ limit: 1 }),
  };
  return {
    observe(attempt) {
      if (answered(attempt.status)) lastAnswer[attempt.upstream] = Date.now();
    },
    async check() {
      const results = await Promise.all(
        (Object.keys(probes) as UpstreamName[]).map(async (name) => {
          if (Date.now() - lastAnswer[name] < freshMs) return true;
          try {
            await probes[name]();
            lastAnswer[name] = Date.now();
            return true;
          } catch {
            return Date.now() - lastAnswer[name] < freshMs;
          }
        }),
      );
      return results.every(Boolean);
    },
  };
}
