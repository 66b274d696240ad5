import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Starts the OFFICIAL Cloud Firestore emulator (the jar shipped by google-cloud-cli or cached by
// firebase-tools) by spawning java directly: the gcloud wrapper does not exec, so killing it would
// orphan the JVM. Used by the test global setup and by `npm start`.

const GCLOUD_JAR = '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar';
const MAIN_CLASS = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';

export interface RunningEmulator {
  host: string; // "127.0.0.1:PORT"
  stop(): Promise<void>;
}

export function findEmulatorJar(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.FIRESTORE_EMULATOR_JAR, GCLOUD_JAR, ...firebaseToolsCache()].filter(Boolean) as string[];
  const jar = candidates.find((p) => existsSync(p));
  if (!jar) {
    throw new Error(
      'Cloud Firestore emulator not found. Install it with `apt-get install google-cloud-cli-firestore-emulator` ' +
        '(Java 17+ needed) or set FIRESTORE_EMULATOR_JAR to the cloud-firestore-emulator jar.',
    );
  }
  return jar;
}

function firebaseToolsCache(): string[] {
  const dir = join(homedir(), '.cache', 'firebase', 'emulators');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^cloud-firestore-emulator-.*\.jar$/.test(f)).sort().reverse().map((f) => join(dir, f));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startFirestoreEmulator(opts: { port?: number; timeoutMs?: number; quiet?: boolean } = {}): Promise<RunningEmulator> {
  const jar = findEmulatorJar();
  const port = opts.port ?? (await freePort());
  const child = spawn('java', ['-Xms128m', '-Xmx1g', '-cp', jar, MAIN_CLASS, 'start', '--host=127.0.0.1', `--port=${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForReady(child, opts.timeoutMs ?? 30_000, opts.quiet ?? true);
  const stopOnExit = () => child.kill('SIGKILL');
  process.once('exit', stopOnExit);
  return {
    host: `127.0.0.1:${port}`,
    stop: () => stopChild(child, stopOnExit),
  };
}

function waitForReady(child: ChildProcess, timeoutMs: number, quiet: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Firestore emulator not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!quiet) process.stderr.write(chunk);
      if (output.includes('Dev App Server is now running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (e) => fail(new Error(`Could not start java for the Firestore emulator: ${e.message}`)));
    child.once('exit', (code) => fail(new Error(`Firestore emulator exited early (code ${code}):\n${output}`)));
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

/** Deletes every document of one project in the emulator (tests use a project per file). */
export async function wipeEmulatorProject(host: string, projectId: string): Promise<void> {
  const res = await fetch(`http://${host}/emulator/v1/projects/${projectId}/databases/(default)/documents`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`Emulator wipe failed: ${res.status}`);
}
