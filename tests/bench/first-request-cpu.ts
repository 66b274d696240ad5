import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../../scripts/lib/firestore-emulator';
import type { ManifestEntry } from '../../scripts/lib/manifest';
import { type FunctionProcess, send, sendWhenListening, spawnFunction } from './function-process';
import { isRealAnswer, refusedMethod, withCaller } from './sample-requests';
import { percentile, table } from './stats';
import { type BenchUpstreams, startUpstreamsProcess } from './upstreams-process';

// npm run bench:cpu -- --before=<dist> [--after=dist] [--runs=10] --only=a,b
// CPU time a function process spends on its first real request, for two builds of the same
// functions, spawned in alternation (before, after, after, before, ...). Wall-clock cold starts
// (npm run bench) move by tens of percent when something else runs on the machine; a process's
// CPU time (its threads' /proc/<pid>/task/*/schedstat, ns) moves far less, so a change worth
// 20 ms shows here when the paired wall-clock ratio cannot resolve it. Linux only.
// boot = CPU at the first answer to a refused method (bundle load + framework); first request =
// CPU from there to the answer of the function's sample request (runtime, clients, the call).

process.env.METADATA_SERVER_DETECTION = 'none';
const root = fileURLToPath(new URL('../..', import.meta.url));
const { values: args } = parseArgs({
  options: { before: { type: 'string' }, after: { type: 'string', default: 'dist' }, runs: { type: 'string', default: '10' }, only: { type: 'string' } },
});
if (!args.before || !args.only) throw new Error('usage: --before=<dist> [--after=dist] [--runs=10] --only=a,b');
const builds = { before: join(root, args.before), after: join(root, args.after) };
const runs = Math.min(50, Math.max(3, Number(args.runs) || 10));
const only = args.only.split(',').map((s) => s.trim());
const manifest = (JSON.parse(readFileSync(join(builds.after, 'manifest.json'), 'utf8')) as ManifestEntry[]).filter((m) => only.includes(m.name));

type Build = keyof typeof builds;
interface Sample {
  bootMs: number;
  firstMs: number;
}

const cpuMs = (pid: number) =>
  readdirSync(`/proc/${pid}/task`).reduce((sum, t) => sum + Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]), 0) / 1e6;

async function sampleOnce(b: BenchUpstreams, fn: ManifestEntry, build: Build): Promise<Sample> {
  const r = withCaller(await b.prepare(fn.name), b.serviceHeaders[fn.name]);
  const port = await freePort();
  const proc: FunctionProcess = spawnFunction(root, fn.name, join(builds[build], fn.name), port, b.env);
  try {
    const boot = await sendWhenListening(proc, refusedMethod(fn.methods), undefined, 30_000);
    if (boot.status !== 405) throw new Error(`${fn.name} (${build}) answered the refused method ${boot.status}`);
    const pid = proc.child.pid as number;
    const bootMs = cpuMs(pid);
    const reply = await send(port, r.method, r.body, undefined, r.headers, { path: r.path, rawBody: r.rawBody });
    const firstMs = cpuMs(pid) - bootMs;
    if (!isRealAnswer(r, reply.status)) throw new Error(`${fn.name} (${build}) answered ${reply.status}: ${reply.body.slice(0, 300)}\n${proc.stderr()}`);
    return { bootMs, firstMs };
  } finally {
    await proc.stop();
  }
}

const spread = (xs: number[]) => `${percentile(xs, 50).toFixed(1)} [${percentile(xs, 25).toFixed(1)}–${percentile(xs, 75).toFixed(1)}]`;

const b = await startUpstreamsProcess({ emulatorHost: process.env.FIRESTORE_EMULATOR_HOST });
const rows: string[][] = [];
try {
  for (const fn of manifest) {
    const samples: Record<Build, Sample[]> = { before: [], after: [] };
    // One unmeasured round first (file cache, emulator); the order flips every round.
    for (let i = 0; i <= runs; i += 1) {
      const order: Build[] = i % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
      for (const build of order) {
        const s = await sampleOnce(b, fn, build);
        if (i > 0) samples[build].push(s);
      }
    }
    const first = (k: Build) => samples[k].map((s) => s.firstMs);
    const saved = first('before').map((x, i) => x - (first('after')[i] as number));
    rows.push([
      fn.name,
      spread(first('before')),
      spread(first('after')),
      spread(saved),
      spread(samples.before.map((s) => s.bootMs)),
      spread(samples.after.map((s) => s.bootMs)),
    ]);
  }
} finally {
  await b.close();
}
console.log(`First-request CPU (ms, median [quartiles] of ${runs} rounds; before = ${args.before}, after = ${args.after})`);
console.log(table(['function', 'before', 'after', 'before − after (paired)', 'boot before', 'boot after'], rows));
