import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatBytes } from '../../scripts/lib/bundle';
import { buildFunctions } from '../../scripts/lib/build-functions';
import type { ManifestEntry } from '../../scripts/lib/manifest';
import { startUpstreamsProcess, type BenchUpstreams } from './upstreams-process';
import { buildHelloWorld, measurePaired, type ColdStartCase } from './cold-start';
import { cloudEventProbe, refusedMethod, sampleRequest, withCaller } from './sample-requests';
import { preparedFunctions } from './sample-preparations';
import { buildColdFloors } from './cold-floors';
import { FLOOR_TOKEN_ENV } from './floor-function';
import { ms, table } from './stats';
import { compareWarm, type WarmComparison, type WarmRow } from './warm';
import { runOrchestratorBench } from './orchestrator-bench';
import { runDispatchBench } from './dispatch-bench';
import { runMcpBench } from './mcp-bench';
import { runReadPathsBench } from './read-paths-bench';

// npm run bench [-- --reuse] [--runs=5] [--only=a,b] [--no-warm] [--no-cold] [--no-boot] [--no-mcp] [--no-loop] [--no-dispatch] [--no-reads] [--users=10000]
// Cold start of every bundle to its first real answer against a bare functions-framework hello
// world (target ≤ 2.0×, goal 1.5×), then
// warm latency/throughput of two functions next to the same upstream call made directly, the chat
// MCP's tools/list and a cached read through tools/call next to the action's HTTP function (target
// ≤ 1 ms p50 more), the chat loop's own overhead per step (target ≤ 10 ms p50) and three 200 ms tools in one turn, and the
// hourly digest dispatch simulated for 10,000 users (messages published per second, cost per user).
// Everything runs on 127.0.0.1: Firestore emulator and loopback fakes (in a process of their own,
// like a remote provider: tests/bench/upstreams-process.ts), the bundles.

// Google client libraries probe the GCE metadata server (and resolve its name) unless told not to;
// the benchmark must never leave 127.0.0.0/8. Read at call time, so setting it here is in time.
process.env.METADATA_SERVER_DETECTION = 'none';

const COLD_TARGET_RATIO = 2.0;
/** Where cold starts should end up; reported beside the target, not enforced. */
const COLD_GOAL_RATIO = 1.5;
const WARM_TARGET_MS = 2;
const WARM_FUNCTIONS = ['search-youtube', 'list-calendar-events'];
const root = fileURLToPath(new URL('../..', import.meta.url));

const { values: args } = parseArgs({
  options: {
    reuse: { type: 'boolean', default: false },
    // Bundles to measure (with --reuse): another build's output, to compare two builds.
    dist: { type: 'string', default: 'dist' },
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    'no-warm': { type: 'boolean', default: false },
    'no-cold': { type: 'boolean', default: false },
    'no-boot': { type: 'boolean', default: false },
    'no-loop': { type: 'boolean', default: false },
    'no-dispatch': { type: 'boolean', default: false },
    'no-mcp': { type: 'boolean', default: false },
    'no-reads': { type: 'boolean', default: false },
    users: { type: 'string', default: '10000' },
  },
});
const runs = Math.min(50, Math.max(5, Number(args.runs) || 5));

const distDir = join(root, args.dist);
if (!args.reuse || !existsSync(join(distDir, 'manifest.json'))) {
  if (args.dist !== 'dist') throw new Error('--dist names an existing build: use it with --reuse.');
  console.log('Building bundles…');
  const { bundles } = await buildFunctions(root);
  const broken = bundles.filter((b) => b.problems.length);
  if (broken.length) throw new Error(`Build failed: ${broken.map((b) => `${b.name} ${b.problems.join('; ')}`).join(', ')}`);
}
const only = args.only?.split(',').map((s) => s.trim());
const manifest = (JSON.parse(readFileSync(join(distDir, 'manifest.json'), 'utf8')) as ManifestEntry[]).filter((m) => !only || only.includes(m.name));

const backend = await startUpstreamsProcess({ emulatorHost: process.env.FIRESTORE_EMULATOR_HOST });
let failed = false;
try {
  if (!args['no-cold']) failed = (await coldStarts(backend)) || failed;
  if (!args['no-warm']) failed = (await warmRuns(backend)) || failed;
  if (!args['no-mcp'] && ['mcp', 'search-youtube'].every((n) => manifest.some((m) => m.name === n))) {
    console.log('\nMCP (warm, after 1000 warm-up calls each; sequential, sampled in alternation):');
    failed = !(await runMcpBench(backend, { root, warmupCalls: 1_000, latency: { count: 1_000, maxMs: 15_000 } })) || failed;
  }
  if (!args['no-loop']) {
    console.log('\nChat loop (fake model, instant tools):');
    failed = !(await runOrchestratorBench()).pass || failed;
  }
  if (!args['no-reads']) await runReadPathsBench({ emulatorHost: backend.env.FIRESTORE_EMULATOR_HOST });
  if (!args['no-dispatch']) {
    console.log('\nDigest dispatch:');
    await runDispatchBench({
      users: Math.min(100_000, Math.max(100, Number(args.users) || 10_000)),
      firestoreEmulatorHost: backend.env.FIRESTORE_EMULATOR_HOST,
    });
  }
} finally {
  await backend.close();
}
if (failed) process.exitCode = 1;

async function coldStarts(b: BenchUpstreams): Promise<boolean> {
  const hello = await buildHelloWorld(root);
  const opts = { root, env: b.env, runs };
  const reference: ColdStartCase = { target: hello.target, sourceDir: hello.sourceDir, request: () => ({ method: 'GET' }) };
  // On a shared machine the figures mean little when it is saturated: say how busy it was.
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(`\nLoad average ${load()} on ${availableParallelism()} CPUs`);
  console.log(`Cold start: spawn → first real answer; hello-world and function spawns alternate; median of ${runs} rounds (after 1 unmeasured)`);
  console.log('boot = spawn → first answer to a refused method (bundle load + framework, no runtime/clients)');
  console.log('state a sample needs (an intent, an approval, an OAuth state…) is prepared before each spawn, untimed');
  const prepared = new Set(preparedFunctions());
  const rows: string[][] = [];
  let failed = false;
  const ratios: number[] = [];
  for (const fn of manifest) {
    const dir = join(distDir, fn.name);
    const size = formatBytes(statSync(join(dir, 'index.js')).size);
    const real = prepared.has(fn.name) || sampleRequest(fn.name) !== undefined;
    try {
      // A CloudEvent function has no method to refuse: functions-framework takes whatever comes.
      const cloudEvent = fn.trigger === 'cloudevent';
      const boot =
        cloudEvent || args['no-boot']
          ? undefined
          : await measurePaired(
              reference,
              { target: fn.name, sourceDir: dir, request: () => ({ method: refusedMethod(fn.methods) }), accept: (s) => s === 405 },
              opts,
            );
      const c: ColdStartCase = real
        ? {
            target: fn.name,
            sourceDir: dir,
            request: async () => withCaller(await b.prepare(fn.name), b.serviceHeaders[fn.name]),
          }
        : {
            // No sample yet (a new function): measured to its first answer of any status below 500.
            target: fn.name,
            sourceDir: dir,
            request: () => (cloudEvent ? cloudEventProbe() : { method: firstMethod(fn), body: firstMethod(fn) === 'POST' ? {} : undefined }),
            accept: (s) => s < 500,
          };
      const r = await measurePaired(reference, c, opts);
      ratios.push(r.ratio);
      const verdict = !real ? 'FAIL (no sample)' : r.ratio <= COLD_TARGET_RATIO ? (r.ratio <= COLD_GOAL_RATIO ? 'pass, goal' : 'pass') : 'FAIL';
      if (verdict.startsWith('FAIL')) failed = true;
      rows.push([
        fn.name + (real ? '' : ' (no sample: first answer)'),
        size,
        boot ? ms(boot.medianMs) : '—',
        ms(r.medianMs),
        ms(r.referenceMedianMs),
        `${r.ratio.toFixed(2)}×`,
        `${verdict} (${r.lastStatus})`,
      ]);
    } catch (e) {
      failed = true;
      rows.push([fn.name, size, '', 'error', '', '', (e as Error).message.split('\n')[0]?.slice(0, 160) ?? '']);
    }
  }
  console.log(table(['function', 'bundle', 'boot', 'cold start', 'hello-world', 'ratio', `≤ ${COLD_TARGET_RATIO}× (goal ${COLD_GOAL_RATIO}×)`], rows));
  // What the SDKs alone cost (cold-floors.ts): the share of each ratio no change here removes.
  for (const floor of await buildColdFloors(root)) {
    const f = await measurePaired(
      reference,
      { target: floor.target, sourceDir: floor.sourceDir, request: () => ({ method: 'POST', body: {} }) },
      { ...opts, env: { ...b.env, [FLOOR_TOKEN_ENV]: b.googleAccessToken } },
    );
    console.log(
      `floor, a bare function making ${floor.label} with the same SDKs and client settings: ${ms(f.medianMs)} vs hello-world ${ms(f.referenceMedianMs)}, ${f.ratio.toFixed(2)}×`,
    );
  }
  const sorted = [...ratios].sort((x, y) => x - y);
  if (sorted.length > 0) {
    console.log(
      `ratios: ${sorted[0]?.toFixed(2)}–${sorted.at(-1)?.toFixed(2)}×, ${sorted.filter((r) => r > COLD_TARGET_RATIO).length} over ${COLD_TARGET_RATIO}×, ` +
        `${sorted.filter((r) => r > COLD_GOAL_RATIO).length} over the ${COLD_GOAL_RATIO}× goal; load average now ${load()}`,
    );
  }
  return failed;
}

function firstMethod(fn: ManifestEntry): 'GET' | 'POST' {
  return fn.methods[0] === 'GET' ? 'GET' : 'POST';
}

/** A method the function refuses (405) before any work: GET, else POST, else PUT. */
async function warmRuns(b: BenchUpstreams): Promise<boolean> {
  const opts = {
    root,
    // "Warm" is an instance past its first requests: the JIT has compiled the hot path (it takes a
    // few hundred calls; the first dozens run 2–3× slower). Both sides get the same warm-up.
    warmupCalls: 1_000,
    latency: { count: 1_000, maxMs: 15_000 },
    throughput: { count: 3_000, maxMs: 8_000, concurrency: 8 },
  };
  const rows: string[][] = [];
  let failed = false;
  for (const name of WARM_FUNCTIONS.filter((n) => manifest.some((m) => m.name === n))) {
    try {
      const c = warmRows(await compareWarm(b, name, join(root, 'dist', name), opts));
      rows.push(...c.rows);
      if (!c.pass) failed = true;
    } catch (e) {
      failed = true;
      rows.push([name, 'error', '', '', (e as Error).message.split('\n')[0]?.slice(0, 120) ?? '', '']);
    }
  }
  console.log(
    `\nWarm (after ${opts.warmupCalls} warm-up calls each): latency sequential, targets alternating (≤ ${opts.latency.count} rounds / ${opts.latency.maxMs / 1000} s), throughput with ${opts.throughput.concurrency} in flight (≤ ${opts.throughput.count} / ${opts.throughput.maxMs / 1000} s)`,
  );
  console.log(table(['path', 'p50', 'p99', 'req/s (c=8)', 'failures', `p50 over direct (≤ ${WARM_TARGET_MS} ms)`], rows));
  return failed;
}

function warmRows(c: WarmComparison): { rows: string[][]; pass: boolean } {
  const failures = (r: WarmRow) =>
    String(r.latency.failures + r.throughput.failures) + (r.latency.firstFailure ? ` (${r.latency.firstFailure.slice(0, 40)})` : '');
  const over = (r: WarmRow) => r.latency.p50Ms - c.direct.latency.p50Ms;
  const signed = (n: number) => `${n >= 0 ? '+' : ''}${ms(n)}`;
  const row = (r: WarmRow, label: string, overhead: string) => [
    label,
    ms(r.latency.p50Ms),
    ms(r.latency.p99Ms),
    r.throughput.perSecond.toFixed(0),
    failures(r),
    overhead,
  ];
  const pass = over(c.through) <= WARM_TARGET_MS;
  return {
    pass,
    rows: [
      row(c.through, c.through.label, `${signed(over(c.through))} ${pass ? 'pass' : 'FAIL'}`),
      row(c.direct, `  ${c.direct.label}`, ''),
      ...c.references.map((r) => row(r, `  ${r.label}`, signed(over(r)))),
    ],
  };
}
