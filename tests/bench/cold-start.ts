import { freePort } from '../../scripts/lib/firestore-emulator';
import { sendWhenListening, spawnFunction } from './function-process';
import { median } from './stats';
import { isRealAnswer, type SampleRequest } from './sample-requests';
import { bundleBenchFunction } from './bench-bundle';

// Cold start = spawn of `functions-framework --target=NAME` → the first successful answer, i.e.
// process start, bundle load, framework boot, and the first request with everything it builds
// lazily (runtime, Firestore client, secrets, upstream client). The reference is a bare
// functions-framework hello world bundled the same way, measured the same way. The request is
// made (and any state it needs prepared) before the spawn: preparing is not timed.

export interface ColdStartCase {
  target: string;
  sourceDir: string;
  request: () => SampleRequest | Promise<SampleRequest>;
  /** Which first answer ends the measurement; by default any 2xx (and a 302 when it `redirects`). */
  accept?: (status: number) => boolean;
}

export interface ColdStartOptions {
  root: string;
  env: Record<string, string>;
  runs: number;
  /** Unmeasured rounds first: the OS file cache and the emulator warm up on someone's run. */
  warmupRuns?: number;
  deadlineMs?: number;
}

export interface PairedResult {
  target: string;
  medianMs: number;
  referenceMedianMs: number;
  /** Median of the per-round ratios: robust to the machine getting busier during the run. */
  ratio: number;
  lastStatus: number;
}

/** One spawn → first accepted answer, in ms. */
export async function coldStartOnce(c: ColdStartCase, opts: Pick<ColdStartOptions, 'root' | 'env' | 'deadlineMs'>): Promise<{ ms: number; status: number }> {
  const r = await c.request();
  const accept = c.accept ?? ((s: number) => isRealAnswer(r, s));
  const port = await freePort();
  const started = performance.now();
  const proc = spawnFunction(opts.root, c.target, c.sourceDir, port, opts.env);
  try {
    const reply = await sendWhenListening(proc, r.method, r.body, opts.deadlineMs ?? 30_000, r.headers, { path: r.path, rawBody: r.rawBody });
    const elapsed = performance.now() - started;
    const missed = accept(reply.status) ? unmet(r.expect, reply.body) : `status ${reply.status}`;
    if (missed) throw new Error(`${c.target} answered ${reply.status} (${missed}): ${reply.body.slice(0, 500)}\n${proc.stderr()}`);
    return { ms: elapsed, status: reply.status };
  } finally {
    await proc.stop();
  }
}

/** Which expected field of the answer's `data` differs, if any. */
function unmet(expect: Record<string, unknown> | undefined, body: string): string | undefined {
  if (!expect) return undefined;
  let data: Record<string, unknown> | undefined;
  try {
    data = (JSON.parse(body) as { data?: Record<string, unknown> }).data;
  } catch {
    return 'no JSON';
  }
  const wrong = Object.entries(expect).find(([k, v]) => JSON.stringify(data?.[k]) !== JSON.stringify(v));
  return wrong ? `expected ${wrong[0]} ${JSON.stringify(wrong[1])}` : undefined;
}

/**
 * Alternates reference and candidate spawns (ref, fn, ref, fn, ...) so both see the same machine
 * load; on a shared two-core box separate series drift by tens of percent.
 */
export async function measurePaired(reference: ColdStartCase, c: ColdStartCase, opts: ColdStartOptions): Promise<PairedResult> {
  const refs: number[] = [];
  const fns: number[] = [];
  let lastStatus = 0;
  const warmup = opts.warmupRuns ?? 1;
  for (let i = 0; i < warmup + opts.runs; i += 1) {
    const r = await coldStartOnce(reference, opts);
    const f = await coldStartOnce(c, opts);
    lastStatus = f.status;
    if (i < warmup) continue;
    refs.push(r.ms);
    fns.push(f.ms);
  }
  return { target: c.target, medianMs: median(fns), referenceMedianMs: median(refs), ratio: median(fns.map((f, i) => f / (refs[i] as number))), lastStatus };
}

/** The reference bundle: functions-framework and one function answering "ok", nothing else. */
export function buildHelloWorld(root: string): Promise<{ target: string; sourceDir: string; bytes: number }> {
  return bundleBenchFunction(
    root,
    'hello',
    "import { http } from '@google-cloud/functions-framework';\n\nhttp('hello', (_req, res) => {\n  res.status(200).send('ok');\n});\n",
  );
}
