import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { PubSub } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCartPilotFake, type CartPilotFake } from '../../sandbox/cartpilot';
import { startGoogleFake, type GoogleFake } from '../../sandbox/google';
import { startSandboxActivity } from '../../scripts/lib/sandbox-activity';
import { nextFire, SANDBOX_JOBS, startSandboxScheduler } from '../../scripts/lib/sandbox-scheduler';

// The sandbox scheduler's cron arithmetic and calls, and the Calendar notifications the sandbox
// sends when a watched calendar changes. The Gmail → Pub/Sub path is proven end to end with the
// real emulator in tests/integration/sandbox-triggers.test.ts.

let target: Server;
let targetUrl = '';
const received: { path: string; headers: IncomingHttpHeaders }[] = [];
let google: GoogleFake;
let cartpilot: CartPilotFake;

beforeAll(async () => {
  target = createServer((req, res) => {
    received.push({ path: req.url ?? '', headers: req.headers });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ data: { ok: true } }));
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}`;
  google = await startGoogleFake();
  cartpilot = await startCartPilotFake({ apiKey: 'cp_test' });
});
afterAll(async () => {
  await new Promise<void>((r) => target.close(() => r()));
  await google.close();
  await cartpilot.close();
});

describe('nextFire', () => {
  const at = (iso: string) => Date.parse(iso);
  it('follows the cron forms of infra/variables.tf, in UTC, strictly after now', () => {
    expect(new Date(nextFire('0 * * * *', at('2026-06-15T10:15:00Z'))).toISOString()).toBe('2026-06-15T11:00:00.000Z');
    expect(new Date(nextFire('0 * * * *', at('2026-06-15T11:00:00Z'))).toISOString()).toBe('2026-06-15T12:00:00.000Z');
    expect(new Date(nextFire('*/10 * * * *', at('2026-06-15T10:15:30Z'))).toISOString()).toBe('2026-06-15T10:20:00.000Z');
    expect(new Date(nextFire('17 3 * * *', at('2026-06-15T03:17:00Z'))).toISOString()).toBe('2026-06-16T03:17:00.000Z');
    expect(new Date(nextFire('47 3 * * *', at('2026-12-31T23:59:59Z'))).toISOString()).toBe('2027-01-01T03:47:00.000Z');
  });
  it('refuses a schedule it cannot follow', () => {
    expect(() => nextFire('0 9 * * 1', 0)).not.toThrow(); // day fields are ignored: every job runs daily or more often
    expect(() => nextFire('0-5 * * * *', 0)).toThrow(/Unsupported schedule/);
  });
  it('has a job for every scheduled function', () => {
    expect(SANDBOX_JOBS.map((j) => j.function).sort()).toEqual(['calendar-channel-renew', 'digest-dispatch', 'gmail-watch-renew', 'order-sync']);
  });
});

describe('sandbox scheduler', () => {
  it('runs a job now as Cloud Scheduler calls it: POST with the OIDC token for that function', async () => {
    const s = startSandboxScheduler({ baseUrl: targetUrl, authorization: async (fn) => `Bearer token-for-${fn}` });
    try {
      const run = await s.runNow('order-sync-10min');
      expect(run).toMatchObject({ job: 'order-sync-10min', function: 'order-sync', status: 200, body: { data: { ok: true } } });
      expect(received.at(-1)).toMatchObject({ path: '/order-sync', headers: { authorization: 'Bearer token-for-order-sync' } });
      expect(await s.runNow('digest-dispatch')).toMatchObject({ job: 'digest-dispatch-hourly' });
      expect(await s.runNow('no-such-job')).toBeUndefined();
      expect(s.runs().map((r) => r.job)).toEqual(['order-sync-10min', 'digest-dispatch-hourly']);
    } finally {
      s.stop();
    }
  });
});

describe('sandbox notifications', () => {
  it('notifies every live channel of a calendar whose events changed, once per change', async () => {
    const email = 'ana@example.com';
    google.addAccount({ email });
    google.push.openChannel({ id: 'ch-1', email, calendarId: email, address: `${targetUrl}/calendar-notify`, token: 'tok' });
    const noPubSub = {} as PubSub; // no Gmail watch exists in this test, so Pub/Sub is never used
    const a = startSandboxActivity({ google, cartpilot, pubsub: noPubSub, baseUrl: targetUrl, merchantWebhookSecret: 's', intervalMs: 60_000 });
    try {
      await a.check(); // the first look records where the calendar is
      const before = received.length;
      await a.check();
      expect(received.length).toBe(before);
      google.seedEvents(email, 'primary', [{ summary: 'Dentist', start: '2030-05-01T09:00:00Z', end: '2030-05-01T10:00:00Z' }]);
      await a.check();
      await a.check();
      const calls = received.slice(before);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({
        path: '/calendar-notify',
        headers: { 'x-goog-channel-id': 'ch-1', 'x-goog-resource-state': 'exists', 'x-goog-channel-token': 'tok' },
      });
    } finally {
      a.stop();
    }
  });
});
