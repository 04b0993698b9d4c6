import { setTimeout as sleep } from 'node:timers/promises';
import type { SimulatedUpstream } from './request-log.js';

/**
 * Fault knobs: each rule matches requests (by upstream and an optional path/query test) and
 * changes how they are answered. Rules apply in order; `times` bounds how often one fires.
 */
export type FaultEffect =
  | { kind: 'latency'; delayMs: number }
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  /**
   * A 400 whose error detail repeats the credential the request carried, as a careless API might:
   * after the text `before` (so a test can place it where a cut would fall), and with `inTraceId` in
   * the `X-Trace-Id` header too.
   */
  | { kind: 'echoCredentials'; before?: string; inTraceId?: boolean }
  /** Never answer. With `afterApplying`, a write is applied first: its answer is what gets lost. */
  | { kind: 'hang'; afterApplying?: boolean }
  /** Answer only once `until` settles: lets an in-process test decide when an upstream replies. */
  | { kind: 'hold'; until: Promise<unknown> }
  /**
   * A saturated upstream: it works on `atOnce` requests at a time, `serviceMs` each, and the others wait
   * their turn; its answers per second stay the same however many requests are sent.
   */
  | { kind: 'capacity'; atOnce: number; serviceMs: number }
  | { kind: 'slowBody'; delayMs: number }
  | { kind: 'malformedJson' }
  | { kind: 'reset' };

export interface FaultRule {
  upstream?: SimulatedUpstream;
  /** Matches when the request's path or decoded query contains this text. */
  matching?: string;
  /** Matches only this HTTP method (`POST`, `PUT`, `PATCH`, `GET`). */
  method?: string;
  /** Probability of firing for a matching request (default 1). */
  rate?: number;
  /** Fire at most this many times (default unlimited). */
  times?: number;
  effect: FaultEffect;
}

interface ActiveRule extends FaultRule {
  fired: number;
}

export class FaultPlan {
  private rules: ActiveRule[] = [];
  private random: () => number;

  constructor(random: () => number) {
    this.random = random;
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, fired: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The effects that apply to this request, consuming their `times`. */
  effectsFor(upstream: SimulatedUpstream, target: string, method = 'GET'): FaultEffect[] {
    const effects: FaultEffect[] = [];
    for (const rule of this.rules) {
      if (rule.upstream && rule.upstream !== upstream) continue;
      if (rule.method && rule.method !== method) continue;
      if (rule.matching && !target.includes(rule.matching)) continue;
      if (rule.times !== undefined && rule.fired >= rule.times) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      rule.fired += 1;
      effects.push(rule.effect);
    }
    return effects;
  }
}

/** The turns of `capacity` effects: how many requests each works on now, and who waits. */
const turns = new WeakMap<FaultEffect, { busy: number; waiting: (() => void)[] }>();

/** Serves one request under a `capacity` effect: waits for a free place, works `serviceMs`, frees it. */
export async function serveWithin(effect: Extract<FaultEffect, { kind: 'capacity' }>): Promise<void> {
  const turn = turns.get(effect) ?? { busy: 0, waiting: [] };
  turns.set(effect, turn);
  if (turn.busy >= effect.atOnce) await new Promise<void>((resolve) => turn.waiting.push(resolve));
  else turn.busy += 1;
  try {
    await sleep(effect.serviceMs);
  } finally {
    // The place passes straight to the next waiter, if any.
    const next = turn.waiting.shift();
    if (next) next();
    else turn.busy -= 1;
  }
}
