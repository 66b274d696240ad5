import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from '../../scripts/lib/firestore-emulator';
import { REAL_MODE_MARKERS } from '../../scripts/lib/dev-env';

// `npm start` as a newcomer runs it: a separate process (tsx, no credentials in the environment),
// reached over HTTP only and stopped with SIGTERM. Used by the dev host test and the browser tests.

export interface DevHost {
  child: ChildProcess;
  url: string;
  projectId: string;
  output: () => string;
  exited: Promise<number | null>;
}

export async function startDevHost(emulatorHost: string | undefined, extraEnv: Record<string, string> = {}): Promise<DevHost> {
  const port = await freePort();
  const projectId = `test-dev-${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), GOOGLE_CLOUD_PROJECT: projectId, LOG_LEVEL: 'warn' };
  for (const name of [...REAL_MODE_MARKERS, 'SANDBOX', 'FIRESTORE_EMULATOR_HOST', 'AUTH_MODE']) delete env[name];
  if (emulatorHost) env.FIRESTORE_EMULATOR_HOST = emulatorHost;
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev-host.ts'], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const host: DevHost = { child, url: `http://127.0.0.1:${port}`, projectId, output: () => out, exited };
  try {
    await waitUntilServing(host);
  } catch (e) {
    await stopDevHost(host).catch(() => child.kill('SIGKILL'));
    throw e;
  }
  return host;
}

async function waitUntilServing(h: DevHost): Promise<void> {
  const deadline = Date.now() + 75_000;
  while (Date.now() < deadline) {
    if (h.child.exitCode !== null) throw new Error(`dev host exited early (${h.child.exitCode}):\n${h.output()}`);
    const ok = await fetch(`${h.url}/functions.json`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`dev host not serving after 75 s:\n${h.output()}`);
}

/** SIGTERM (a SIGKILLed host could not stop its emulator JVM); the exit code. */
export async function stopDevHost(h: DevHost): Promise<number | null> {
  if (h.child.exitCode !== null) return h.child.exitCode;
  h.child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000));
  const code = await Promise.race([h.exited, timeout]);
  if (code === 'timeout') throw new Error(`dev host still running 20 s after SIGTERM:\n${h.output()}`);
  return code;
}
