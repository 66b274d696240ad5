import { ConfigError, loadConfig } from '../../shared/config';
import { chooseMode, launchedByNpm, realConfigEnv, requestedPort } from './dev-env';
import { DevLifecycle } from './dev-lifecycle';
import { watchForOrphaning } from './dev-orphan-watch';
import { freePort, startFirestoreEmulator } from './firestore-emulator';

// `npm start`: the Firestore emulator (unless FIRESTORE_EMULATOR_HOST points at one), the offline
// sandbox (unless real provider credentials are configured), and every function on one port.
// Only light modules are imported here; the function graph (dev-serve.ts) loads while the JVM
// boots, so startup takes the longer of the two rather than their sum.

type Env = Record<string, string | undefined>;

const say = (line: string) => process.stderr.write(`${line}\n`);

export async function main(env: Env = process.env): Promise<void> {
  const life = new DevLifecycle(say);
  life.installSignalHandlers();
  if (launchedByNpm(env)) watchForOrphaning((why) => life.exit(0, why));
  try {
    await run(env, life);
  } catch (e) {
    // Startup interrupted by Ctrl-C / SIGTERM: the signal handler is already cleaning up and exiting.
    if (life.isStopping) return;
    say(e instanceof ConfigError ? `Configuration error: ${e.message}` : `npm start failed: ${(e as Error).stack ?? String(e)}`);
    await life.shutdown();
    process.exit(1);
  }
}

async function run(env: Env, life: DevLifecycle): Promise<void> {
  const wanted = requestedPort(env);
  // The port is fixed before anything starts: the sandbox's OAuth redirect URLs need it.
  const port = wanted === 0 ? await freePort() : wanted;
  const mode = chooseMode(env);
  // Real mode: reject a broken environment before spending seconds on the emulator JVM.
  if (!mode.sandbox) loadConfig(realConfigEnv(env, env.FIRESTORE_EMULATOR_HOST || '127.0.0.1:8080'));

  const loading = import('./dev-serve');
  loading.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
  const startedByHost = !env.FIRESTORE_EMULATOR_HOST;
  const host = env.FIRESTORE_EMULATOR_HOST || (await startEmulator(life));
  const { serve } = await loading;
  await serve({ env, life, mode, port, baseUrl: `http://127.0.0.1:${port}`, emulator: { host, startedByHost } });
}

async function startEmulator(life: DevLifecycle): Promise<string> {
  say('Starting the Cloud Firestore emulator (set FIRESTORE_EMULATOR_HOST to use a running one)…');
  const emulator = await life.own('Firestore emulator', startFirestoreEmulator(), (e) => e.stop());
  say(`Firestore emulator running at ${emulator.host}.`);
  return emulator.host;
}
