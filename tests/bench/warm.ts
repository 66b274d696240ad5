import http from 'node:http';
import { freePort } from '../../scripts/lib/firestore-emulator';
import { join } from 'node:path';
import { directCacheRead, directCalendarList, directThrottleClaim, directYoutubeSearch, type Probe } from './baselines';
import type { BenchUpstreams } from './upstreams-process';
import { send, sendWhenListening, spawnFunction } from './function-process';
import { buildCalendarFloor, FLOOR_TOKEN_ENV } from './floor-function';
import { runInterleaved, runLoad, type LoadOptions, type LoadResult } from './load';
import { sampleRequest } from './sample-requests';

// Warm latency and throughput of a function instance (one long-running bundle process), next to
// the same upstream call made directly. Both sides get the same warm-up and the same bounded loops;
// latency is sampled in alternation (function, direct, …) so both see the same machine.

export interface WarmRow {
  label: string;
  latency: LoadResult;
  throughput: LoadResult;
}

export interface WarmComparison {
  target: string;
  through: WarmRow;
  /** The upstream call made directly: what the target's overhead is measured against. */
  direct: WarmRow;
  /** Other references for scale (overhead over `direct` printed for each). */
  references: WarmRow[];
}

export interface WarmOptions {
  root: string;
  latency: Omit<LoadOptions, 'concurrency'>;
  throughput: LoadOptions;
  warmupCalls: number;
}

export async function compareWarm(backend: BenchUpstreams, target: string, sourceDir: string, opts: WarmOptions): Promise<WarmComparison> {
  const stops: Array<() => Promise<void>> = [];
  try {
    const viaFunction = await functionProbe(opts, target, sourceDir, backend.env, stops);
    const [direct, ...references] = await baselinesFor(backend, target, opts, stops);
    if (!direct) throw new Error(`No direct baseline for ${target}.`);
    const probes: Array<[string, Probe]> = [[`${target} (function)`, viaFunction], direct, ...references];
    for (const [, probe] of probes) for (let i = 0; i < opts.warmupCalls; i += 1) await probe();
    const latencies = await runInterleaved(
      probes.map(([, probe]) => probe),
      opts.latency,
    );
    const rows: WarmRow[] = [];
    for (const [i, [label, probe]] of probes.entries())
      rows.push({ label, latency: latencies[i] as LoadResult, throughput: await runLoad(probe, opts.throughput) });
    const [through, directRow, ...others] = rows as [WarmRow, WarmRow, ...WarmRow[]];
    return { target, through, direct: directRow, references: others };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

/** A function bundle spawned as deployed, probed with the target's sample request until it answers 200. */
async function functionProbe(
  opts: WarmOptions,
  target: string,
  sourceDir: string,
  env: Record<string, string>,
  stops: Array<() => Promise<void>>,
  sampleOf = target,
): Promise<Probe> {
  const sample = sampleRequest(sampleOf);
  if (!sample) throw new Error(`No sample request for ${sampleOf}.`);
  const proc = spawnFunction(opts.root, target, sourceDir, await freePort(), env);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.throughput.concurrency });
  stops.push(async () => {
    agent.destroy();
    await proc.stop();
  });
  const first = await sendWhenListening(proc, sample.method, sample.body, 30_000);
  if (first.status !== 200) throw new Error(`${target} answered ${first.status}: ${first.body.slice(0, 300)}`);
  return async () => (await send(proc.port, sample.method, sampleRequest(sampleOf)?.body, agent)).status === 200;
}

/** The direct call first, then references for scale. */
async function baselinesFor(backend: BenchUpstreams, target: string, opts: WarmOptions, stops: Array<() => Promise<void>>): Promise<Array<[string, Probe]>> {
  switch (target) {
    case 'list-calendar-events': {
      const floor = await buildCalendarFloor(opts.root);
      const env = { ...backend.env, [FLOOR_TOKEN_ENV]: backend.googleAccessToken };
      return [
        ['calendar events.list (direct)', directCalendarList(backend)],
        ['bare functions-framework function, same call', await functionProbe(opts, floor.target, floor.sourceDir, env, stops, target)],
        // The target runs with throttling on (a high limit: the warm path spends a claimed slice
        // from memory); the same bundle with it off shows what counting costs per request.
        [`${target} (function, throttling off)`, await functionProbe(opts, target, sourceDirOf(opts, target), { ...backend.env, ...THROTTLING_OFF }, stops)],
        ['throttle slice claim (Firestore transaction, direct)', await directThrottleClaim(backend)],
      ];
    }
    case 'search-youtube':
      return [
        ['youtube search.list (direct, = cache miss)', directYoutubeSearch(backend)],
        ['Firestore cache doc get (direct)', await directCacheRead(backend)],
      ];
    default:
      return [];
  }
}

const THROTTLING_OFF = { RATE_LIMIT_READS_PER_MIN: '0', RATE_LIMIT_WRITES_PER_MIN: '0', RATE_LIMIT_CHAT_PER_MIN: '0', RATE_LIMIT_SEARCH_PER_MIN: '0' };

function sourceDirOf(opts: WarmOptions, target: string): string {
  return join(opts.root, 'dist', target);
}
