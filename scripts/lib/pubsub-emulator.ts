import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './firestore-emulator';

// Starts the OFFICIAL Cloud Pub/Sub emulator (google-cloud-cli-pubsub-emulator) by spawning java
// on its jar directly, for the same reason as the Firestore launcher: the wrapper script would be
// killed while the JVM lives on. Ready when it logs "Server started". Used by the tests that push
// through Pub/Sub (gmail-push, digest fan-out) and by the dispatch bench.
// Note: the emulator pushes with at most ~one request per core at a time and attaches no OIDC
// token to pushes (tests that need one put a relay in front of the endpoint).

const GCLOUD_DIR = '/usr/lib/google-cloud-sdk/platform/pubsub-emulator/lib';

export interface RunningPubSubEmulator {
  /** "127.0.0.1:PORT": the apiEndpoint of `new PubSub({ emulatorMode: true })`. */
  host: string;
  stop(): Promise<void>;
}

export function findPubSubEmulatorJar(env: NodeJS.ProcessEnv = process.env): string {
  const fromDir = existsSync(GCLOUD_DIR) ? readdirSync(GCLOUD_DIR).filter((f) => /^cloud-pubsub-emulator-.*\.jar$/.test(f)).sort().reverse().map((f) => join(GCLOUD_DIR, f)) : [];
  const jar = [env.PUBSUB_EMULATOR_JAR, ...fromDir].find((p): p is string => Boolean(p) && existsSync(p ?? ''));
  if (!jar) throw new Error('Cloud Pub/Sub emulator not found. Install it with `apt-get install google-cloud-cli-pubsub-emulator` (Java 17+) or set PUBSUB_EMULATOR_JAR to its cloud-pubsub-emulator-*-all.jar.');
  return jar;
}

export async function startPubSubEmulator(opts: { port?: number; timeoutMs?: number } = {}): Promise<RunningPubSubEmulator> {
  const jar = findPubSubEmulatorJar();
  const port = opts.port ?? (await freePort());
  const child = spawn('java', ['-Xms64m', '-Xmx512m', '-jar', jar, '--host=127.0.0.1', `--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stopOnExit = () => child.kill('SIGKILL');
  process.once('exit', stopOnExit);
  try {
    await waitForReady(child, opts.timeoutMs ?? 30_000);
  } catch (e) {
    process.removeListener('exit', stopOnExit);
    throw e;
  }
  return { host: `127.0.0.1:${port}`, stop: () => stopChild(child, stopOnExit) };
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error(`Pub/Sub emulator not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    // Keeps draining its (chatty) logs after start, so the pipe never fills and blocks the JVM.
    const onData = (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      if (output.includes('Server started')) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (e) => fail(new Error(`Could not start java for the Pub/Sub emulator: ${e.message}`)));
    child.once('exit', (code) => !ready && fail(new Error(`Pub/Sub emulator exited early (code ${code}):\n${output}`)));
  });
}

function stopChild(child: ChildProcess, listener: () => void): Promise<void> {
  process.removeListener('exit', listener);
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
