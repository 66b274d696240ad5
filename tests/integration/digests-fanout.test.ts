import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as functionsFramework from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { Topic } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { startOidcMint, type OidcMint } from '../support/google-oidc';
import { startTestPubSub, waitFor, type TestPubSub } from '../support/pubsub';
import { digestWorker } from '../../functions/digest-worker';
import { DigestSettingsStore } from '../../shared/digests/settings-store';

// The whole digest pipeline on the real Pub/Sub emulator: 200 users across time zones on both
// sides of the date line; Cloud Scheduler's hourly call (OIDC) to digest-dispatch publishes one
// job per due user; every job is published a second time (duplicates); the emulator pushes them
// to digest-worker registered as a functions-framework CloudEvent function, as deployed. Each
// due user must get exactly one mail, nobody else any; a revoked connection gets a reconnect
// notice; a transient Gmail failure is retried by Pub/Sub without holding anyone else up.

const PROJECT = 'test-project';
const ZONES = [
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'America/St_Johns',
  'Europe/London',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/Los_Angeles',
  'Australia/Adelaide',
  'UTC',
  'Pacific/Auckland',
];
const USERS = Array.from({ length: 200 }, (_, i) => ({
  uid: `u${String(i).padStart(3, '0')}`,
  email: `u${String(i).padStart(3, '0')}@example.com`,
  timeZone: ZONES[i % ZONES.length] ?? 'UTC',
  hour: (i * 7) % 24,
}));
const T0 = Date.parse('2026-06-15T04:00:00Z');
const T1 = Date.parse('2026-06-15T07:00:00Z');

let h: Harness;
let oidc: OidcMint;
let ps: TestPubSub;
let topic: Topic;
let worker: Server;
let audit: Server;
/** Every job as published (an audit subscription's pushes), to publish each a second time. */
const audited: Buffer[] = [];
const statuses: number[] = [];
const clock = { at: T0, now: () => new Date(clock.at) };

/** Oracle, independent of shared/digests: scan every minute of (T0, T1] for local hour:00. */
function expectedDate(u: (typeof USERS)[number]): string | undefined {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: u.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  for (let t = T0 + 60_000; t <= T1; t += 60_000) {
    const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    if (Number(p.hour) === u.hour && Number(p.minute) === 0) return `${p.year}-${p.month}-${p.day}`;
  }
  return undefined;
}
const due = USERS.filter((u) => expectedDate(u));
const REVOKED = due[3];
const WATCHER = due[1];

async function startAuditServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message: { data: string } };
      audited.push(Buffer.from(body.message.data, 'base64'));
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

async function startWorkerServer(): Promise<Server> {
  functionsFramework.cloudEvent(
    'digest-worker-event',
    digestWorker.cloudEventHandler!(() => h.runtime),
  );
  const listener = getTestServer('digest-worker-event').listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
  const server = createServer((req, res) => {
    res.on('finish', () => statuses.push(res.statusCode));
    listener(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

beforeAll(async () => {
  ps = await startTestPubSub(PROJECT);
  oidc = await startOidcMint();
  h = await startHarness({ clock, extraEnv: { ...oidc.env, DIGESTS_TOPIC: `projects/${PROJECT}/topics/digests`, PUBSUB_EMULATOR_HOST: ps.host } });
  worker = await startWorkerServer();
  const port = (worker.address() as { port: number }).port;
  topic = await ps.pushTopic('digests', `http://127.0.0.1:${port}/projects/${PROJECT}/topics/digests`, { ackDeadlineSeconds: 60 });
  audit = await startAuditServer();
  await topic.createSubscription('digests-audit', { pushConfig: { pushEndpoint: `http://127.0.0.1:${(audit.address() as { port: number }).port}/` } });
  const store = new DigestSettingsStore(h.runtime.stores.db, clock.now);
  for (let i = 0; i < USERS.length; i += 50) {
    await Promise.all(
      USERS.slice(i, i + 50).map(async (u) => {
        await h.connectGoogle(u.uid, u.email);
        await store.put(u.uid, {
          enabled: true,
          hour: u.hour,
          timeZone: u.timeZone,
          sections: { calendar: true, email: true, orders: true, youtubeSearches: u.uid === WATCHER?.uid ? ['serverless cold starts'] : [] },
          deliveryAddress: null,
        });
      }),
    );
  }
}, 120_000);
afterAll(async () => {
  for (const server of [worker, audit]) await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await ps?.close();
  await h?.close();
  await oidc?.close();
});

const dispatch = async () => h.call('digest-dispatch', {}, { headers: { authorization: `Bearer ${await oidc.token('digest-dispatch')}` } });
const digestDoc = async (uid: string, date: string) =>
  (await (await h.runtime.stores.db()).collection('users').doc(uid).collection('digests').doc(date).get()).data();

describe('digests through Pub/Sub', () => {
  it('has due users in every kind of zone', () => {
    expect(due.length).toBeGreaterThan(15);
    expect(due.length).toBeLessThan(USERS.length);
    expect(new Set(due.map((u) => expectedDate(u))).size).toBeGreaterThanOrEqual(2); // both sides of the date line
  });

  it('sends each due user exactly one digest, with every job delivered twice', async () => {
    if (!REVOKED) throw new Error('no user to revoke');
    const revoked = await h.connectGoogle(REVOKED.uid, REVOKED.email);
    h.google.revokeRefreshToken(revoked.refreshToken);
    // Expired by the test's clock, so the next use must refresh — and the refresh is refused.
    await h.runtime.stores.connections.updateTokens(REVOKED.uid, 'google', REVOKED.email, { expiryDate: T1 - 1000 });
    h.google.inject({ match: { method: 'POST', path: /\/messages\/send$/ }, status: 429, times: 1, headers: { 'retry-after': '0' } });

    clock.at = T1;
    const res = await dispatch();
    expect(res.status, res.text).toBe(200);
    expect(res.json.data).toMatchObject({ published: due.length, failed: 0 });

    // Duplicates: every published job goes out a second time.
    await waitFor(() => audited.length >= due.length, 30_000, 'the audit copies');
    expect(audited).toHaveLength(due.length);
    await Promise.all(audited.map((data) => topic.publishMessage({ data })));

    const expectedDeliveries = 2 * due.length;
    await waitFor(() => statuses.filter((s) => s < 300).length >= expectedDeliveries, 60_000, 'every delivery acknowledged');
    expect(statuses.filter((s) => s >= 500).length).toBeGreaterThanOrEqual(1); // the 429 (and any in-flight duplicate) was retried

    for (const u of USERS) {
      const date = expectedDate(u);
      const sent = h.google.sentMessages(u.email);
      if (!date || u === REVOKED) {
        expect(sent, u.uid).toHaveLength(0);
        continue;
      }
      expect(sent, `${u.uid} ${u.timeZone} ${u.hour}:00`).toHaveLength(1);
      expect(sent[0]?.subject).toBe(`Your daily digest for ${date}`);
      expect(sent[0]?.to).toEqual([u.email]);
      expect(await digestDoc(u.uid, date)).toMatchObject({ state: 'sent', sentTo: u.email, localDate: date });
    }
  }, 90_000);

  it('stores a reconnect notice for the user whose Google access was revoked', async () => {
    const date = REVOKED ? expectedDate(REVOKED) : undefined;
    const res = await h.call('digest-settings', undefined, { method: 'GET', headers: { authorization: `Bearer dev:${REVOKED?.uid}` } });
    expect(res.json.data.recent_digests).toEqual([
      expect.objectContaining({
        local_date: date,
        state: 'reconnect_required',
        notice: expect.objectContaining({ code: 'reauth_required', connectUrl: expect.stringContaining('/oauth-start?provider=google') }),
      }),
    ]);
  });

  it('shows a sent digest back through digest-settings', async () => {
    const u = due[0];
    const res = await h.call('digest-settings', undefined, { method: 'GET', headers: { authorization: `Bearer dev:${u?.uid}` } });
    const [latest] = res.json.data.recent_digests;
    expect(latest).toMatchObject({
      state: 'sent',
      local_date: u ? expectedDate(u) : '',
      sent_to: u?.email,
      subject: expect.stringContaining('Your daily digest'),
    });
    expect(latest.text).toContain('Calendar');
  });

  it('includes the saved YouTube searches for the user who has some', async () => {
    const sent = h.google.sentMessages(WATCHER?.email ?? '');
    expect(sent[0]?.text).toContain('“serverless cold starts”:');
  });

  it('a second run in the same hour publishes nothing', async () => {
    const res = await dispatch();
    expect(res.json.data).toMatchObject({ published: 0 });
  });
});
