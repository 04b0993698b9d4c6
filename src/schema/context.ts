import type { Loaders } from '../loaders/index.js';
import type { PageSizeLimits } from '../pagination/relay-args.js';

/** What every resolver gets: this request's loaders and the paging limits. */
export interface GraphContext {
  loaders: Loaders;
  limits: GraphLimits;
}

export interface GraphLimits extends PageSizeLimits {
  /** Most ids one `nodes(ids:)` call may ask for. */
  maxNodes: number;
  /** Most a query may cost (see `complexity.ts`); checked before any resolver runs. */
  maxCost: number;
  /** Alpharun's own page limit (1..100). */
  alpharunPageLimit: number;
}
