import http from 'node:http';
import { freePort } from '../../scripts/lib/firestore-emulator';
import { directCacheRead, directCalendarList, directYoutubeSearch, type Probe } from './baselines';
import type { BenchBackend } from './bench-backend';
import { send, sendWhenListening, spawnFunction } from './function-process';
import { runLoad, type LoadOptions, type LoadResult } from './load';
import { sampleRequest } from './sample-requests';

// Warm latency and throughput of a function instance (one long-running bundle process), next to
// the same upstream call made directly. Both sides get the same warm-up and the same bounded loops.

export interface WarmRow {
  label: string;
  latency: LoadResult;
  throughput: LoadResult;
}

export interface WarmComparison {
  target: string;
  through: WarmRow;
  direct: WarmRow[];
}

export interface WarmOptions {
  root: string;
  latency: LoadOptions;
  throughput: LoadOptions;
  warmupCalls: number;
}

export async function compareWarm(backend: BenchBackend, target: string, sourceDir: string, opts: WarmOptions): Promise<WarmComparison> {
  const sample = sampleRequest(target);
  if (!sample) throw new Error(`No sample request for ${target}.`);
  const proc = spawnFunction(opts.root, target, sourceDir, await freePort(), backend.env);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.throughput.concurrency });
  try {
    const first = await sendWhenListening(proc, sample.method, sample.body, 30_000);
    if (first.status !== 200) throw new Error(`${target} answered ${first.status}: ${first.body.slice(0, 300)}`);
    const viaFunction: Probe = async () => {
      const reply = await send(proc.port, sample.method, sampleRequest(target)?.body, agent);
      return reply.status === 200;
    };
    const through = await measure(`${target} (function)`, viaFunction, opts);
    const direct: WarmRow[] = [];
    for (const [label, probe] of await baselinesFor(backend, target)) direct.push(await measure(label, probe, opts));
    return { target, through, direct };
  } finally {
    agent.destroy();
    await proc.stop();
  }
}

async function baselinesFor(backend: BenchBackend, target: string): Promise<Array<[string, Probe]>> {
  switch (target) {
    case 'list-calendar-events':
      return [['calendar events.list (direct)', directCalendarList(backend)]];
    case 'search-youtube':
      return [
        ['Firestore cache doc get (direct)', await directCacheRead(backend)],
        ['youtube search.list (direct, = cache miss)', directYoutubeSearch(backend)],
      ];
    default:
      return [];
  }
}

async function measure(label: string, probe: Probe, opts: WarmOptions): Promise<WarmRow> {
  for (let i = 0; i < opts.warmupCalls; i += 1) await probe();
  const latency = await runLoad(probe, opts.latency);
  const throughput = await runLoad(probe, opts.throughput);
  return { label, latency, throughput };
}
