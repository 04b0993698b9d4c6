import { setFlagsFromString } from 'node:v8';

/** V8's own spelling and the underscore one it accepts too, as given on the command line or in NODE_OPTIONS. */
const GROWTH_FLAG = /^--heap[-_]growing[-_]percent(=|$)/;

/**
 * Bounds how far V8 lets the old generation grow past what the last full collection kept alive, as
 * `1 + percent / 100` times that size; `0` leaves the factor to V8.
 *
 * Left to itself V8 picks up to 4× when full collections are cheap next to the program's own work, and
 * a gateway's are: what it holds alive is small (30–40 MB of schema, compiled queries and the requests
 * in flight), while every request leaves its upstream pages behind as garbage. So between collections
 * its old generation climbed to 130–140 MB and the process to 250–270 MB at 100 clients on Node 20;
 * at a factor of 2 it stays at 175–220 MB for 2–7 % of the throughput (`bench/README.md`, Round 4).
 *
 * V8 reads the factor whenever it sets the next limit, so setting it once the process runs takes
 * effect at the next collection. A factor the operator gave when starting Node is theirs, and kept.
 * Returns whether the factor was set here.
 */
export function limitHeapGrowth(percent: number, nodeArguments: readonly string[] = givenNodeArguments()): boolean {
  if (percent === 0 || nodeArguments.some((argument) => GROWTH_FLAG.test(argument))) return false;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  return true;
}

/** The Node and V8 options this process started with: its command line, then `NODE_OPTIONS`. */
function givenNodeArguments(): string[] {
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)];
}
