/** A CPU profile of the gateway under load (`node --cpu-prof`), cut to the load's window and drawn as a flame graph. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { type CpuProfile, type FlameGraph, flameGraph } from './flame-graph.js';
import type { GatewayProcess } from './processes.js';

export interface ProfileOptions {
  /** Starts the gateway with these extra Node flags. */
  start(nodeArgs: string[]): Promise<GatewayProcess>;
  /** The load the measurements are preceded by, so that the profile shows warm code, as they measure it. */
  warmUp(url: URL): Promise<void>;
  body: string;
  clients: number;
  seconds: number;
  title: string;
}

/** Microseconds on the monotonic clock, which V8 also stamps its profiles with (Linux). */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** Keeps the samples taken between `from` and `to`; all of them if the clocks do not line up. */
function window(profile: CpuProfile, from: number, to: number): CpuProfile {
  const { samples, timeDeltas, startTime } = profile;
  if (!samples || !timeDeltas || startTime === undefined) return profile;
  let time = startTime;
  const kept: number[] = [];
  samples.forEach((sample, index) => {
    time += timeDeltas[index] ?? 0;
    if (time >= from && time <= to) kept.push(sample);
  });
  return kept.length > samples.length / 10 ? { ...profile, samples: kept } : profile;
}

export async function profileGateway({ start, warmUp, body, clients, seconds, title }: ProfileOptions): Promise<FlameGraph> {
  const directory = mkdtempSync(join(tmpdir(), 'ctrlgraph-profile-'));
  try {
    const gateway = await start(['--cpu-prof', `--cpu-prof-dir=${directory}`]);
    const requests = [{ method: 'POST' as const, headers: { 'content-type': 'application/json' }, body }];
    await warmUp(gateway.url);
    const from = monotonicMicros();
    await autocannon({ url: gateway.url.href, connections: clients, duration: seconds, requests });
    const to = monotonicMicros();
    // The profile is written when the process exits (SIGTERM: graceful shutdown, then exit).
    await gateway.stop();
    const file = readdirSync(directory).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('the gateway wrote no .cpuprofile');
    const profile = JSON.parse(readFileSync(join(directory, file), 'utf8')) as CpuProfile;
    return flameGraph(window(profile, from, to), title);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
