import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Firestore } from '@google-cloud/firestore';
import { loadConfig } from '../../shared/config';
import { createFirestore } from '../../shared/store/firestore';
import { startBenchBackend } from './bench-backend';
import { prepareSample } from './sample-preparations';
import type { SampleRequest } from './sample-requests';

// The bench backend (emulator, fakes, seeded accounts) in a process of its own, so that a direct
// call to a fake crosses a process boundary as a call to the real provider would, and the fakes'
// work does not share the measuring process's event loop. Through a function a call makes that
// same upstream hop plus the hop into the function. On a two-core machine the third busy process
// makes every hop dearer (measured: list-calendar-events +3.0 ms over the direct call this way,
// +2.3 ms with the fakes in the bench process); the floor row in warm.ts shows that share.

export interface BenchUpstreams {
  /** What a function bundle needs in its environment to answer 200 on loopback. */
  env: Record<string, string>;
  projectId: string;
  google: { clientId: string; rootUrl: string; apiKey: string };
  /** An access token the Google fake accepts, for direct (baseline) SDK calls. */
  googleAccessToken: string;
  /** Authorization headers of the service functions' callers, by function. */
  serviceHeaders: Record<string, Record<string, string>>;
  /**
   * The request a cold-start sample sends, after preparing the state it needs (sample-preparations.ts)
   * in this process, on the backend the bundles use.
   */
  prepare(fn: string): Promise<SampleRequest>;
  /** The bench process's own client of the emulator. */
  db(): Promise<Firestore>;
  close(): Promise<void>;
}

type Ready = Omit<BenchUpstreams, 'db' | 'close' | 'prepare'>;
type Prepared = { prepared: number; request?: SampleRequest; error?: string };

const isChild = process.argv[1] === fileURLToPath(import.meta.url);
if (isChild) await serveUpstreams();

export async function startUpstreamsProcess(opts: { emulatorHost?: string } = {}): Promise<BenchUpstreams> {
  // tsx runs the bench; its loader options in execArgv let the child run this TypeScript file too.
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: process.execArgv,
    env: { ...process.env, ...(opts.emulatorHost ? { FIRESTORE_EMULATOR_HOST: opts.emulatorHost } : {}) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`bench upstreams exited (${code}) before they were ready`)));
  });
  const pending = new Map<number, { resolve(r: SampleRequest): void; reject(e: Error): void }>();
  child.on('message', (m: Prepared) => {
    const p = pending.get(m.prepared);
    pending.delete(m.prepared);
    if (m.request) p?.resolve(m.request);
    else p?.reject(new Error(m.error ?? 'preparation failed'));
  });
  let next = 0;
  let firestore: Promise<Firestore> | undefined;
  return {
    ...ready,
    prepare: (fn) =>
      new Promise<SampleRequest>((resolve, reject) => {
        next += 1;
        pending.set(next, { resolve, reject });
        child.send({ prepare: fn, id: next });
      }),
    db: () => (firestore ??= createFirestore(loadConfig(ready.env))),
    async close() {
      if (firestore) await (await firestore).terminate();
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send('close');
      await exited;
    },
  };
}

async function serveUpstreams(): Promise<void> {
  const b = await startBenchBackend({ emulatorHost: process.env.FIRESTORE_EMULATOR_HOST });
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await b.close();
    process.exit(0);
  };
  process.on('message', (m: 'close' | { prepare: string; id: number }) => {
    if (m === 'close') return void close();
    prepareSample(b, m.prepare).then(
      (request) => process.send?.({ prepared: m.id, request } satisfies Prepared),
      (e: unknown) => process.send?.({ prepared: m.id, error: (e as Error).message } satisfies Prepared),
    );
  });
  // The bench died without saying so: do not leave the emulator behind.
  process.on('disconnect', () => void close());
  const ready: Ready = {
    env: b.env,
    projectId: b.projectId,
    google: { clientId: b.google.clientId, rootUrl: b.google.rootUrl, apiKey: b.google.apiKey },
    googleAccessToken: b.googleAccessToken,
    serviceHeaders: b.serviceHeaders,
  };
  process.send?.(ready);
}
