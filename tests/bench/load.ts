import { percentile } from './stats';

// A bounded load loop: stops at `count` calls or `maxMs`, whichever comes first, so a slow or
// stuck target can never make the bench run away.

export interface LoadOptions {
  count: number;
  maxMs: number;
  concurrency: number;
}

export interface LoadResult {
  calls: number;
  failures: number;
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
  firstFailure?: string;
}

/** `call` resolves true for a correct answer; a rejection or false counts as a failure. */
export async function runLoad(call: () => Promise<boolean>, opts: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let started = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const begin = performance.now();
  const deadline = begin + opts.maxMs;
  const worker = async () => {
    while (started < opts.count && performance.now() < deadline) {
      started += 1;
      const t = performance.now();
      try {
        if (await call()) latencies.push(performance.now() - t);
        else failures += 1;
      } catch (e) {
        failures += 1;
        firstFailure ??= (e as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsedSec = (performance.now() - begin) / 1000;
  return {
    calls: started,
    failures,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    perSecond: latencies.length / elapsedSec,
    firstFailure,
  };
}

/**
 * Sequential latency of several targets measured in alternation — one call to each per round —
 * so a comparison between them is not skewed by the machine getting busier or quieter midway.
 */
export async function runInterleaved(calls: ReadonlyArray<() => Promise<boolean>>, opts: Omit<LoadOptions, 'concurrency'>): Promise<LoadResult[]> {
  const results = calls.map(() => ({ latencies: [] as number[], failures: 0, firstFailure: undefined as string | undefined }));
  const begin = performance.now();
  const deadline = begin + opts.maxMs;
  let rounds = 0;
  while (rounds < opts.count && performance.now() < deadline) {
    rounds += 1;
    for (const [i, call] of calls.entries()) {
      const r = results[i] as (typeof results)[number];
      const t = performance.now();
      try {
        if (await call()) r.latencies.push(performance.now() - t);
        else r.failures += 1;
      } catch (e) {
        r.failures += 1;
        r.firstFailure ??= (e as Error).message;
      }
    }
  }
  const elapsedSec = (performance.now() - begin) / 1000;
  return results.map((r) => ({
    calls: rounds,
    failures: r.failures,
    p50Ms: percentile(r.latencies, 50),
    p99Ms: percentile(r.latencies, 99),
    perSecond: r.latencies.length / elapsedSec,
    firstFailure: r.firstFailure,
  }));
}
