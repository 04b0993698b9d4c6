/**
 * A process shaped like the gateway under load, for the heap-growth test: a live heap that stays put
 * (the schema and compiled queries) and short-lived records that outlive a few scavenges (the pages of
 * requests in flight), so they are promoted and die in the old generation. Prints the old generation's
 * peak in bytes. Argument: the growth percent to apply (`limitHeapGrowth`, which also reads this
 * process's Node options), or `-` to leave V8's own. Start it with a 1 MB young generation, so that
 * the records are promoted on every Node line (Node 22 and 24 size theirs from the machine's memory).
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { limitHeapGrowth } from '../../src/process/heap-growth.js';

const percent = process.argv[2];
if (percent !== '-') limitHeapGrowth(Number(percent));

const oldSpaceUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;
const kept: { index: number; text: string }[] = [];
for (let index = 0; index < 300_000; index += 1) kept.push({ index, text: `record ${index}` });

const inFlight: unknown[] = new Array(60_000);
let peak = 0;
for (let round = 0; round < 6_000_000; round += 1) {
  inFlight[round % inFlight.length] = { round, fields: [round, `${round}`] };
  if (round % 5_000 === 0) peak = Math.max(peak, oldSpaceUsed());
}
process.stdout.write(`${JSON.stringify({ peak, kept: kept.length })}\n`);
