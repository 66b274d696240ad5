import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from '../../scripts/lib/firestore-emulator';
import { REAL_MODE_MARKERS } from '../../scripts/lib/dev-env';

// `npm start` itself, as a newcomer runs it (npm → scripts/run.sh → tsx scripts/dev-host.ts), in
// a process group of its own so stopping it stops the whole chain. No provider credentials in its
// environment: the offline sandbox. The suite's emulator is passed in to spare a second JVM.

export interface NpmStart {
  url: string;
  output(): string;
  /** Stops npm and everything it started; rejects if any of it outlives SIGTERM by 20 s. */
  stop(): Promise<void>;
}

export async function npmStart(emulatorHost: string): Promise<NpmStart> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    GOOGLE_CLOUD_PROJECT: `test-npm-start-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'warn',
  };
  for (const name of [...REAL_MODE_MARKERS, 'SANDBOX', 'AUTH_MODE']) delete env[name];
  env.FIRESTORE_EMULATOR_HOST = emulatorHost;
  const child = spawn('npm', ['start', '--silent'], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const host = { url: `http://127.0.0.1:${port}`, output: () => out, stop: () => stopGroup(child, () => out) };
  try {
    await waitUntilServing(host.url, child, () => out);
  } catch (e) {
    await host.stop().catch(() => undefined);
    throw e;
  }
  return host;
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited early (${child.exitCode}):\n${output()}`);
    if (
      await fetch(`${url}/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`npm start not serving after 90 s:\n${output()}`);
}

/** SIGTERM to the whole group (npm, sh, tsx, the host); resolves once every one of them is gone. */
async function stopGroup(child: ChildProcess, output: () => string): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(-pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (alive()) {
    if (Date.now() > deadline) {
      process.kill(-pid, 'SIGKILL');
      throw new Error(`npm start still running 20 s after SIGTERM:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
