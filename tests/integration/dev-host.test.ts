import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, inject, it } from 'vitest';
import { freePort } from '../../scripts/lib/firestore-emulator';
import { REAL_MODE_MARKERS } from '../../scripts/lib/dev-env';

// `npm start` as a newcomer runs it: a separate process (tsx, no credentials in the environment),
// talked to over HTTP only, then stopped with SIGTERM. Proves the offline sandbox works end to
// end and that the host leaves no Firestore emulator JVM behind.

interface DevHost {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

// A failed assertion must not leave a host running. SIGTERM first: a SIGKILLed host could not
// stop its emulator JVM.
const running: DevHost[] = [];
afterEach(async () => {
  for (const h of running.splice(0)) if (h.child.exitCode === null) await stop(h).catch(() => h.child.kill('SIGKILL'));
});

async function startDevHost(emulatorHost: string | undefined): Promise<DevHost> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), GOOGLE_CLOUD_PROJECT: `test-dev-${randomBytes(4).toString('hex')}`, LOG_LEVEL: 'warn' };
  for (const name of [...REAL_MODE_MARKERS, 'SANDBOX', 'FIRESTORE_EMULATOR_HOST', 'AUTH_MODE']) delete env[name];
  if (emulatorHost) env.FIRESTORE_EMULATOR_HOST = emulatorHost;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev-host.ts'], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const host: DevHost = { child, url: `http://127.0.0.1:${port}`, output: () => out, exited };
  running.push(host);
  await waitUntilServing(host);
  return host;
}

async function waitUntilServing(h: DevHost): Promise<void> {
  const deadline = Date.now() + 75_000;
  while (Date.now() < deadline) {
    if (h.child.exitCode !== null) throw new Error(`dev host exited early (${h.child.exitCode}):\n${h.output()}`);
    const ok = await fetch(`${h.url}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`dev host not serving after 75 s:\n${h.output()}`);
}

async function stop(h: DevHost): Promise<number | null> {
  h.child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000));
  const code = await Promise.race([h.exited, timeout]);
  if (code === 'timeout') throw new Error(`dev host still running 20 s after SIGTERM:\n${h.output()}`);
  return code;
}

const post = (h: DevHost, fn: string, body: unknown) =>
  fetch(`${h.url}/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Command lines of live processes (Linux /proc), to find a JVM by its --port argument. */
function processesMatching(fragment: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(fragment)) found.push(`${pid} ${cmd}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

describe('npm start (scripts/dev-host.ts)', () => {
  it('serves every function with the offline sandbox, and exits on SIGTERM', async ({ expect }) => {
    const h = await startDevHost(inject('firestoreEmulatorHost'));

    const index = await fetch(`${h.url}/`);
    expect(index.headers.get('x-sandbox')).toBe('true');
    const listing = (await index.json()) as {
      sandbox: { enabled: boolean };
      functions: { name: string; url: string; methods: string[]; access: string; description: string }[];
    };
    expect(listing.sandbox.enabled).toBe(true);
    const names = listing.functions.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['list-calendar-events', 'send-email', 'search-youtube', 'post-tweet', 'integrations-status']));
    expect(listing.functions.find((f) => f.name === 'send-email')).toMatchObject({
      url: `${h.url}/send-email`,
      methods: ['POST'],
      access: 'user',
      description: expect.any(String),
    });

    const events = await post(h, 'list-calendar-events', {});
    expect(events.status).toBe(200);
    expect(events.headers.get('x-sandbox')).toBe('true');
    const summaries = ((await events.json()) as { data: { events: { summary: string }[] } }).data.events.map((e) => e.summary);
    expect(summaries).toEqual(expect.arrayContaining(['Team standup', 'Lunch with Ana']));

    const mail = await post(h, 'send-email', { to: ['ana@example.com'], subject: 'Dev host test', text: 'hello' });
    expect(mail.status).toBe(201);
    const tweet = await post(h, 'post-tweet', { text: 'Posted from the dev host test' });
    expect(tweet.status).toBe(201);
    const videos = await post(h, 'search-youtube', { query: 'serverless', max_results: 2 });
    expect(videos.status).toBe(200);
    const intent = await post(h, 'create-intent', { query: 'wireless headphones' });
    expect(intent.status).toBeLessThan(300);

    const outbox = await fetch(`${h.url}/sandbox/outbox`);
    expect(outbox.headers.get('x-sandbox')).toBe('true');
    expect(await outbox.json()).toMatchObject({
      mails: [{ to: ['ana@example.com'], subject: 'Dev host test' }],
      tweets: [{ text: 'Posted from the dev host test' }],
    });

    // The MCP function on the same host, through the official SDK's client.
    const mcp = new Client({ name: 'dev-host-test', version: '1.0.0' });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(`${h.url}/mcp`)));
    expect((await mcp.listTools()).tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_calendar_events', 'post_tweet', 'get_approval_result']));
    const read = await mcp.callTool({ name: 'list_calendar_events', arguments: {} });
    expect((read.structuredContent as { events: { summary: string }[] }).events.map((e) => e.summary)).toContain('Team standup');
    await mcp.close();

    const openapi = await fetch(`${h.url}/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(Object.keys(((await openapi.json()) as { paths: object }).paths)).toContain('/send-email');
    const missing = await fetch(`${h.url}/no-such-function`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-sandbox')).toBe('true');

    expect(await stop(h)).toBe(0);
  }, 120_000);

  it('starts its own Firestore emulator when none is given and leaves no JVM behind', async ({ expect }) => {
    const h = await startDevHost(undefined);
    const info = (await (await fetch(`${h.url}/`)).json()) as { firestore: { emulatorHost: string; startedByHost: boolean } };
    expect(info.firestore.startedByHost).toBe(true);
    const jvm = `CloudFirestore start --host=127.0.0.1 --port=${info.firestore.emulatorHost.split(':')[1]}`;
    expect(processesMatching(jvm)).toHaveLength(1);
    expect((await post(h, 'list-calendar-events', {})).status).toBe(200);

    expect(await stop(h)).toBe(0);
    expect(processesMatching(jvm)).toEqual([]);
  }, 120_000);
});
