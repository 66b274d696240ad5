import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, inject, it } from 'vitest';
import { type DevHost, startDevHost as startHost, stopDevHost } from '../support/dev-host-process';

// `npm start` as a newcomer runs it: a separate process (tsx, no credentials in the environment),
// talked to over HTTP only, then stopped with SIGTERM. Proves the offline sandbox works end to
// end and that the host leaves no Firestore emulator JVM behind.

// A failed assertion must not leave a host running. SIGTERM first: a SIGKILLed host could not
// stop its emulator JVM.
const running: DevHost[] = [];
afterEach(async () => {
  for (const h of running.splice(0)) if (h.child.exitCode === null) await stopDevHost(h).catch(() => h.child.kill('SIGKILL'));
});

async function startDevHost(emulatorHost: string | undefined): Promise<DevHost> {
  const h = await startHost(emulatorHost);
  running.push(h);
  return h;
}

const stop = stopDevHost;

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

    const page = await fetch(`${h.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('<script type="module" src="/console/app.js"></script>');
    const index = await fetch(`${h.url}/functions.json`);
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
      // The seeded calendar (read above) is not in it: only events the assistant created.
      events: [],
    });

    // A scheduled send goes out through the sandbox's Cloud Tasks, to this host, at its time.
    const scheduled = await post(h, 'schedule-email', {
      to: ['bo@example.com'],
      subject: 'Scheduled from the dev host test',
      text: 'later',
      send_at: new Date(Date.now() + 1000).toISOString(),
    });
    expect(scheduled.status, await scheduled.clone().text()).toBe(201);
    let later: { subject?: string }[] = [];
    for (let i = 0; i < 100 && !later.some((m) => m.subject === 'Scheduled from the dev host test'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      later = ((await (await fetch(`${h.url}/sandbox/outbox`)).json()) as { mails: { subject?: string }[] }).mails;
    }
    expect(later.filter((m) => m.subject === 'Scheduled from the dev host test')).toHaveLength(1);

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
    const info = (await (await fetch(`${h.url}/functions.json`)).json()) as { firestore: { emulatorHost: string; startedByHost: boolean } };
    expect(info.firestore.startedByHost).toBe(true);
    const jvm = `CloudFirestore start --host=127.0.0.1 --port=${info.firestore.emulatorHost.split(':')[1]}`;
    expect(processesMatching(jvm)).toHaveLength(1);
    expect((await post(h, 'list-calendar-events', {})).status).toBe(200);

    expect(await stop(h)).toBe(0);
    expect(processesMatching(jvm)).toEqual([]);
  }, 120_000);
});
