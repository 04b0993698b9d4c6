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
  // One probe per upstream at a time: checks that arrive while it runs share its verdict. Unshared,
  // 50 concurrent checks of an unauthenticated endpoint sent 50 probes (and their retries) with the
  // gateway's credentials, just when the upstream was slow.
  const running: Partial<Record<UpstreamName, Promise<boolean>>> = {};
  const probe = (name: UpstreamName): Promise<boolean> =>
    (running[name] ??= probes[name]()
      .then(
        () => {
          lastAnswer[name] = Date.now();
          return true;
        },
        () => Date.now() - lastAnswer[name] < freshMs,
      )
      .finally(() => delete running[name]));
  return {
    observe(attempt) {
      if (answered(attempt.status)) lastAnswer[attempt.upstream] = Date.now();
    },
    async check() {
      const names = Object.keys(probes) as UpstreamName[];
      const results = await Promise.all(names.map((name) => Date.now() - lastAnswer[name] < freshMs || probe(name)));
      return results.every(Boolean);
    },
  };
}
