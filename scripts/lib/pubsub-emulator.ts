import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './firestore-emulator';
import { startJavaEmulator } from './java-emulator';

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
  const fromDir = existsSync(GCLOUD_DIR)
    ? readdirSync(GCLOUD_DIR)
        .filter((f) => /^cloud-pubsub-emulator-.*\.jar$/.test(f))
        .sort()
        .reverse()
        .map((f) => join(GCLOUD_DIR, f))
    : [];
  const jar = [env.PUBSUB_EMULATOR_JAR, ...fromDir].find((p): p is string => Boolean(p) && existsSync(p ?? ''));
  if (!jar)
    throw new Error(
      'Cloud Pub/Sub emulator not found. Install it with `apt-get install google-cloud-cli-pubsub-emulator` (Java 17+) or set PUBSUB_EMULATOR_JAR to its cloud-pubsub-emulator-*-all.jar.',
    );
  return jar;
}

export async function startPubSubEmulator(opts: { port?: number; timeoutMs?: number } = {}): Promise<RunningPubSubEmulator> {
  const jar = findPubSubEmulatorJar();
  const port = opts.port ?? (await freePort());
  const emulator = await startJavaEmulator({
    name: 'Pub/Sub emulator',
    javaArgs: ['-Xms64m', '-Xmx512m', '-jar', jar, '--host=127.0.0.1', `--port=${port}`],
    readyText: 'Server started',
    timeoutMs: opts.timeoutMs ?? 30_000,
  });
  return { host: `127.0.0.1:${port}`, stop: () => emulator.stop() };
}
