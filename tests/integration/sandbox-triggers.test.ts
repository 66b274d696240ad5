import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REAL_MODE_MARKERS } from '../../scripts/lib/dev-env';
import { freePort } from '../../scripts/lib/firestore-emulator';
import { triggersUnavailable } from '../../scripts/lib/sandbox-triggers';
import { waitFor } from '../support/pubsub';

// `npm start`'s triggers, as a newcomer meets them: a separate host process, talked to over HTTP.
// A message arrives in the sandbox mailbox; the Gmail "provider" publishes to the watch topic on
// the official Pub/Sub emulator, which pushes it (through the relay that adds a Google-style OIDC
// token from the sandbox issuer) to gmail-push, which verifies it on the production path and
// records the mail. The next scheduler tick of digest-dispatch publishes the digest job, Pub/Sub
// pushes it to digest-worker, and exactly one digest lands in the sandbox outbox, with that mail.

const skip = triggersUnavailable();
let child: ChildProcess;
let url = '';
let output = '';
let exited: Promise<number | null>;

beforeAll(async () => {
  if (skip) return;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), GOOGLE_CLOUD_PROJECT: `test-trig-${randomBytes(4).toString('hex')}`, LOG_LEVEL: 'warn' };
  for (const name of [...REAL_MODE_MARKERS, 'SANDBOX', 'SANDBOX_TRIGGERS', 'AUTH_MODE', 'PUBSUB_EMULATOR_HOST']) delete env[name];
  env.FIRESTORE_EMULATOR_HOST = inject('firestoreEmulatorHost');
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev-host.ts'], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`dev host exited early:\n${output}`);
      return fetch(`${url}/sandbox/scheduler`).then(
        (r) => r.ok,
        () => false,
      );
    },
    120_000,
    `the dev host with triggers:\n${output}`,
  );
}, 150_000);

afterAll(async () => {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
});

type Mail = { subject?: string; text?: string; to: string[] };
const outbox = async () => ((await (await fetch(`${url}/sandbox/outbox`)).json()) as { mails: Mail[] }).mails;
const pushes = async () => ((await (await fetch(`${url}/sandbox/pushes`)).json()) as { pushes: { function: string; status: number; body: unknown }[] }).pushes;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** The Pub/Sub emulator JVMs the host started (its children: other test files run their own). */
function pubsubJvms(parent: number | undefined): string[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
        return cmd.includes('cloud-pubsub-emulator') && ppid === parent ? [pid] : [];
      } catch {
        return [];
      }
    });
}

describe.skipIf(skip)('npm start: triggers in the sandbox', () => {
  it('refuses a push or a scheduler call without a Google OIDC token (the production check)', async () => {
    expect((await post('/gmail-push', { message: { data: '', messageId: '1' } })).status).toBe(401);
    expect((await post('/digest-dispatch', {})).status).toBe(401);
    expect((await post('/sandbox/scheduler/no-such-job', {})).status).toBe(404);
  });

  it('mail arrives → Gmail push through Pub/Sub with a signed token → next tick → one digest with that mail', async () => {
    const subject = `Sandbox hello ${randomBytes(3).toString('hex')}`;
    const arrived = await post('/sandbox/mail', { from: 'Ana <ana@example.com>', subject, body: 'Are we still on for Friday?' });
    expect(arrived.status).toBe(201);

    await waitFor(async () => (await pushes()).some((p) => p.function === 'gmail-push'), 30_000, 'the Gmail push');
    const gmailPush = (await pushes()).find((p) => p.function === 'gmail-push');
    expect(gmailPush).toMatchObject({ status: 200, body: { data: { outcome: 'recorded', recorded: 1 } } });

    const tick = await post('/sandbox/scheduler/digest-dispatch', {});
    expect(tick.status).toBe(200);
    expect(await tick.json()).toMatchObject({ function: 'digest-dispatch', status: 200, body: { data: { published: 1, failed: 0 } } });

    const digests = async () => (await outbox()).filter((m) => m.text?.includes(subject));
    await waitFor(async () => (await digests()).length > 0, 60_000, 'the digest in the outbox');
    // A second tick finds nobody due: still exactly one digest.
    const again = await post('/sandbox/scheduler/digest-dispatch', {});
    expect(await again.json()).toMatchObject({ status: 200, body: { data: { published: 0 } } });
    await new Promise((r) => setTimeout(r, 1_500));
    const found = await digests();
    expect(found).toHaveLength(1);
    expect(found[0]?.to).toEqual(['dev-user@sandbox.example']);
    expect((await pushes()).filter((p) => p.function === 'digest-worker').map((p) => p.status)).toEqual([200]);
  }, 120_000);

  it('stops its Pub/Sub emulator on SIGTERM', async () => {
    const jvms = pubsubJvms(child.pid);
    expect(jvms).toHaveLength(1);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(jvms.filter((pid) => readdirSync('/proc').includes(pid))).toEqual([]);
  }, 30_000);
});
