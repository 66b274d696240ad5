import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatBytes } from './lib/bundle';
import { buildFunctions } from './lib/build-functions';
import type { ManifestEntry } from './lib/manifest';
import { startBenchBackend, type BenchBackend } from '../tests/bench/bench-backend';
import { buildHelloWorld, measurePaired, type ColdStartCase } from '../tests/bench/cold-start';
import { sampleRequest } from '../tests/bench/sample-requests';
import { ms, table } from '../tests/bench/stats';
import { compareWarm, type WarmComparison } from '../tests/bench/warm';
import { runOrchestratorBench } from '../tests/bench/orchestrator-bench';
import { runDispatchBench } from '../tests/bench/dispatch-bench';

// npm run bench [-- --reuse] [--runs=5] [--only=a,b] [--no-warm] [--no-cold] [--no-loop] [--no-dispatch] [--users=10000]
// Cold start of every bundle against a bare functions-framework hello world (target ≤ 2.5×), then
// warm latency/throughput of two functions next to the same upstream call made directly, the chat
// loop's own overhead per step (target ≤ 10 ms p50) and three 200 ms tools in one turn, and the
// hourly digest dispatch simulated for 10,000 users (messages published per second, cost per user).
// Everything runs on 127.0.0.1: Firestore emulator, loopback fakes, the bundles.

// Google client libraries probe the GCE metadata server (and resolve its name) unless told not to;
// the benchmark must never leave 127.0.0.0/8. Read at call time, so setting it here is in time.
process.env.METADATA_SERVER_DETECTION = 'none';

const COLD_TARGET_RATIO = 2.5;
const WARM_FUNCTIONS = ['search-youtube', 'list-calendar-events'];
const root = fileURLToPath(new URL('..', import.meta.url));

const { values: args } = parseArgs({
  options: {
    reuse: { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    'no-warm': { type: 'boolean', default: false },
    'no-cold': { type: 'boolean', default: false },
    'no-loop': { type: 'boolean', default: false },
    'no-dispatch': { type: 'boolean', default: false },
    users: { type: 'string', default: '10000' },
  },
});
const runs = Math.min(50, Math.max(5, Number(args.runs) || 5));

if (!args.reuse || !existsSync(join(root, 'dist/manifest.json'))) {
  console.log('Building bundles…');
  const { bundles } = await buildFunctions(root);
  const broken = bundles.filter((b) => b.problems.length);
  if (broken.length) throw new Error(`Build failed: ${broken.map((b) => `${b.name} ${b.problems.join('; ')}`).join(', ')}`);
}
const only = args.only?.split(',').map((s) => s.trim());
const manifest = (JSON.parse(readFileSync(join(root, 'dist/manifest.json'), 'utf8')) as ManifestEntry[]).filter((m) => !only || only.includes(m.name));

const backend = await startBenchBackend({ emulatorHost: process.env.FIRESTORE_EMULATOR_HOST });
let failed = false;
try {
  if (!args['no-cold']) failed = (await coldStarts(backend)) || failed;
  if (!args['no-warm']) failed = (await warmRuns(backend)) || failed;
  if (!args['no-loop']) {
    console.log('\nChat loop (fake model, instant tools):');
    failed = !(await runOrchestratorBench()).pass || failed;
  }
  if (!args['no-dispatch']) {
    console.log('\nDigest dispatch:');
    await runDispatchBench({ users: Math.min(100_000, Math.max(100, Number(args.users) || 10_000)), firestoreEmulatorHost: backend.env.FIRESTORE_EMULATOR_HOST });
  }
} finally {
  await backend.close();
}
if (failed) process.exitCode = 1;

async function coldStarts(b: BenchBackend): Promise<boolean> {
  const hello = await buildHelloWorld(root);
  const opts = { root, env: b.env, runs };
  const reference: ColdStartCase = { target: hello.target, sourceDir: hello.sourceDir, method: 'GET', body: () => undefined };
  // On a shared machine the figures mean little when it is saturated: say how busy it was.
  console.log(`\nLoad average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs`);
  console.log(`Cold start: spawn → first 2xx; hello-world and function spawns alternate; median of ${runs} rounds (after 1 unmeasured)`);
  console.log('boot = spawn → first answer to a refused method (bundle load + framework, no runtime/clients)');
  const rows: string[][] = [];
  let failed = false;
  for (const fn of manifest) {
    const sample = sampleRequest(fn.name);
    const dir = join(root, fn.entry);
    const size = formatBytes(statSync(join(dir, 'index.js')).size);
    try {
      const boot = await measurePaired(reference, { target: fn.name, sourceDir: dir, method: refusedMethod(fn), body: () => undefined, accept: (s) => s === 405 }, opts);
      const r = await measurePaired(
        reference,
        sample
          ? { target: fn.name, sourceDir: dir, method: sample.method, body: () => sampleRequest(fn.name)?.body }
          : { target: fn.name, sourceDir: dir, method: firstMethod(fn), body: () => (firstMethod(fn) === 'POST' ? {} : undefined), accept: (s) => s < 500 },
        opts,
      );
      const verdict = r.ratio <= COLD_TARGET_RATIO ? 'pass' : 'FAIL';
      const label = fn.name + (sample ? '' : ' (no sample: first answer)');
      rows.push([label, size, ms(boot.medianMs), ms(r.medianMs), ms(r.referenceMedianMs), `${r.ratio.toFixed(2)}×`, `${verdict} (${r.lastStatus})`]);
    } catch (e) {
      failed = true;
      rows.push([fn.name, size, '', 'error', '', '', (e as Error).message.split('\n')[0]?.slice(0, 120) ?? '']);
    }
  }
  console.log(table(['function', 'bundle', 'boot', 'cold start', 'hello-world', 'ratio', `≤ ${COLD_TARGET_RATIO}×`], rows));
  return failed;
}

function firstMethod(fn: ManifestEntry): 'GET' | 'POST' {
  return fn.methods[0] === 'GET' ? 'GET' : 'POST';
}

function refusedMethod(fn: ManifestEntry): 'GET' | 'POST' {
  return fn.methods.includes('GET') ? 'POST' : 'GET';
}

async function warmRuns(b: BenchBackend): Promise<boolean> {
  const opts = {
    root,
    warmupCalls: 20,
    latency: { count: 300, maxMs: 10_000, concurrency: 1 },
    throughput: { count: 3_000, maxMs: 8_000, concurrency: 8 },
  };
  const rows: string[][] = [];
  let failed = false;
  for (const name of WARM_FUNCTIONS.filter((n) => manifest.some((m) => m.name === n))) {
    try {
      const c = await compareWarm(b, name, join(root, 'dist', name), opts);
      rows.push(...warmRows(c));
    } catch (e) {
      failed = true;
      rows.push([name, 'error', '', '', (e as Error).message.split('\n')[0]?.slice(0, 120) ?? '', '']);
    }
  }
  console.log(`\nWarm: latency sequential (≤ ${opts.latency.count} calls / ${opts.latency.maxMs / 1000} s), throughput with ${opts.throughput.concurrency} in flight (≤ ${opts.throughput.count} / ${opts.throughput.maxMs / 1000} s)`);
  console.log(table(['path', 'p50', 'p99', 'req/s (c=8)', 'failures', 'overhead p50'], rows));
  return failed;
}

function warmRows(c: WarmComparison): string[][] {
  const t = c.through;
  const failures = (r: typeof t) => String(r.latency.failures + r.throughput.failures) + (r.latency.firstFailure ? ` (${r.latency.firstFailure.slice(0, 40)})` : '');
  const rows = [[t.label, ms(t.latency.p50Ms), ms(t.latency.p99Ms), t.throughput.perSecond.toFixed(0), failures(t), '']];
  for (const d of c.direct) {
    const overhead = t.latency.p50Ms - d.latency.p50Ms;
    rows.push([`  ${d.label}`, ms(d.latency.p50Ms), ms(d.latency.p99Ms), d.throughput.perSecond.toFixed(0), failures(d), `${overhead >= 0 ? '+' : ''}${ms(overhead)}`]);
  }
  return rows;
}
