import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startJavaEmulator } from './java-emulator';

// Starts the OFFICIAL Cloud Firestore emulator (the jar shipped by google-cloud-cli or cached by
// firebase-tools) as a java child (java-emulator.ts). Used by the test global setup and `npm start`.

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
  return readdirSync(dir)
    .filter((f) => /^cloud-firestore-emulator-.*\.jar$/.test(f))
    .sort()
    .reverse()
    .map((f) => join(dir, f));
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
  const emulator = await startJavaEmulator({
    name: 'Firestore emulator',
    javaArgs: ['-Xms128m', '-Xmx1g', '-cp', jar, MAIN_CLASS, 'start', '--host=127.0.0.1', `--port=${port}`],
    readyText: 'Dev App Server is now running',
    timeoutMs: opts.timeoutMs ?? 30_000,
    verbose: opts.quiet === false,
  });
  return { host: `127.0.0.1:${port}`, stop: () => emulator.stop() };
}

/** Deletes every document of one project in the emulator (tests use a project per file). */
export async function wipeEmulatorProject(host: string, projectId: string): Promise<void> {
  const res = await fetch(`http://${host}/emulator/v1/projects/${projectId}/databases/(default)/documents`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`Emulator wipe failed: ${res.status}`);
}
