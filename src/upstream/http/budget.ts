import { UpstreamBudgetError, type UpstreamName } from './errors.js';

/**
 * How many upstream requests one GraphQL request may still cause, shared by both upstreams and
 * counting retries. The static cost bounds what a query may ask for; this bounds what answering it
 * costs, which the static cost cannot see (ids the upstream does not know, each a by-id read of its own).
 */
export class UpstreamBudget {
  private spent = 0;

  constructor(readonly limit: number) {}

  get used(): number {
    return this.spent;
  }

  /** Takes one request from the budget, or throws `UpstreamBudgetError` when none is left. */
  spend(upstream: UpstreamName): void {
    if (this.spent >= this.limit) throw new UpstreamBudgetError(upstream, this.limit);
    this.spent += 1;
  }
}
