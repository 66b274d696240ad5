import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { startOidcMint, type OidcMint } from '../support/google-oidc';
import { startCalendarWatch } from '../../shared/triggers/calendar-watch';
import { unwatchGoogleAccount, watchGoogleAccount } from '../../shared/triggers/account-watches';
import { hashChannelToken } from '../../shared/triggers/calendar-channel-store';
import type { CalendarChannelRecord } from '../../sandbox/google/push-state';
import type { ActionContext } from '../../shared/runtime/context';

// Calendar push channels end to end: events.watch, the Google fake delivering notifications to
// calendar-notify exactly as Google does (X-Goog-* headers), channel checks, incremental sync
// with the stored sync token (410 → full resync), the change marker, and channel renewal.

const ANA = 'ana@example.com';
const PUBLIC_BASE = 'http://127.0.0.1:9';

let h: Harness;
let oidc: OidcMint;
let channel: CalendarChannelRecord;
const clock = { at: Date.now(), now: () => new Date(clock.at) };

beforeAll(async () => {
  oidc = await startOidcMint();
  h = await startHarness({ clock, extraEnv: oidc.env });
  await h.connectGoogle('ana', ANA);
}, 60_000);
afterAll(async () => {
  await h?.close();
  await oidc?.close();
});

const ctx = (): ActionContext => h.runtime.contextFor({ uid: 'ana', via: 'dev' }, 'test', new AbortController().signal);
const db = () => h.runtime.stores.db();
const eventListCalls = () => h.google.requests.filter((r) => r.method === 'GET' && /\/events$/.test(r.path));
const marker = async () => (await (await db()).collection('users').doc('ana').collection('calendarChanges').get()).docs.map((d) => d.data())[0];

/** Google delivers to PUBLIC_BASE_URL; here that is the test's function host. */
function reachable(c: CalendarChannelRecord): CalendarChannelRecord {
  expect(c.address).toBe(`${PUBLIC_BASE}/calendar-notify`);
  c.address = `${h.url}/calendar-notify`;
  return c;
}

describe('calendar channel', () => {
  it('opens a channel whose token is stored only hashed, and takes a first sync token', async () => {
    const opened = await startCalendarWatch(ctx());
    const fake = h.google.push.calendarChannels.get(opened?.id ?? '');
    expect(fake).toBeDefined();
    channel = reachable(fake as CalendarChannelRecord);
    const stored = (await (await db()).collection('calendarChannels').doc(channel.id).get()).data();
    expect(stored).toMatchObject({
      uid: 'ana',
      account: ANA,
      calendarId: 'primary',
      resourceId: channel.resourceId,
      tokenHash: hashChannelToken(channel.token ?? ''),
    });
    expect(JSON.stringify(stored)).not.toContain(channel.token);
    const sync = (await (await db()).collection('users').doc('ana').collection('calendarSync').get()).docs[0]?.data();
    expect(sync?.syncToken).toMatch(/^CP/);
  });

  it('acknowledges the sync message without reading the calendar', async () => {
    const calls = eventListCalls().length;
    const res = await h.google.push.deliver(channel, 'sync');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ data: { outcome: 'sync_acknowledged' } });
    expect(eventListCalls().length).toBe(calls);
  });

  const lastCharChanged = (t = '') => `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`;
  it.each([
    ['a wrong channel token', () => ({ token: 'not-the-token' })],
    ['a token differing in its last character', () => ({ token: lastCharChanged(channel.token) })],
    ['an unknown channel id', () => ({ id: 'unknown-channel' })],
    ['another resource id', () => ({ resourceId: 'someone-elses-resource' })],
  ])('refuses %s with 401', async (_name, override) => {
    const res = await h.google.push.deliver(channel, 'exists', override());
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'unauthenticated', message: 'Unknown channel or invalid channel token.', requestId: expect.any(String) },
    });
  });

  it('refuses a notification without a token header', async () => {
    const res = await fetch(`${h.url}/calendar-notify`, {
      method: 'POST',
      headers: { 'x-goog-channel-id': channel.id, 'x-goog-resource-id': channel.resourceId, 'x-goog-resource-state': 'exists' },
    });
    expect(res.status).toBe(401);
  });

  it('syncs incrementally with the stored sync token and records the change marker', async () => {
    h.google.seedEvents(ANA, 'primary', [{ summary: 'Dentist', start: '2030-05-01T09:00:00Z', end: '2030-05-01T10:00:00Z' }]);
    const [res] = await h.google.push.notifyCalendar(ANA, 'primary');
    expect(JSON.parse(res?.body ?? '{}')).toEqual({ data: { outcome: 'synced', mode: 'incremental', changes: 1 } });
    expect(eventListCalls().at(-1)?.query.syncToken).toMatch(/^CP/);
    expect(await marker()).toMatchObject({
      account: ANA,
      calendarId: 'primary',
      fullResync: false,
      recent: [expect.objectContaining({ summary: 'Dentist', status: 'confirmed' })],
    });
  });

  it('falls back to a full sync when the sync token is gone (410)', async () => {
    h.google.inject({
      match: { method: 'GET', path: /\/events$/ },
      status: 410,
      body: {
        error: {
          code: 410,
          message: 'Sync token is no longer valid, a full sync is required.',
          errors: [{ domain: 'global', reason: 'fullSyncRequired', message: 'Sync token is no longer valid, a full sync is required.' }],
        },
      },
    });
    const [res] = await h.google.push.notifyCalendar(ANA, 'primary');
    expect(res?.status).toBe(200);
    expect(JSON.parse(res?.body ?? '{}').data).toMatchObject({ outcome: 'synced', mode: 'full' });
    const [failed, full] = eventListCalls().slice(-2);
    expect(failed?.query.syncToken).toBeDefined();
    expect(full?.query.syncToken).toBeUndefined();
    expect(await marker()).toMatchObject({ fullResync: true });
  });
});

describe('expired channels and ids that cannot be ours', () => {
  it('refuses a notification for a channel past its stored expiration', async () => {
    const saved = clock.at;
    const docId = channel.id;
    // A channel minted before ids carried their expiration: only the stored time says it is over.
    const legacy = { ...channel, id: 'legacy-channel-id' };
    const stored = (await (await db()).collection('calendarChannels').doc(docId).get()).data();
    await (await db())
      .collection('calendarChannels')
      .doc(legacy.id)
      .set(stored ?? {});
    try {
      expect((await h.google.push.deliver(legacy, 'exists')).status).toBe(200);
      clock.at = channel.expiration + 1000;
      const res = await h.google.push.deliver(legacy, 'exists');
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body).error.code).toBe('unauthenticated');
    } finally {
      clock.at = saved;
      await (await db()).collection('calendarChannels').doc(legacy.id).delete();
    }
  });

  it('refuses a channel whose id says it expired, and ids Firestore reserves, without reading Firestore', async () => {
    expect(channel.id).toMatch(/^[0-9a-f-]{36}_[0-9a-z]+$/);
    const expiredId = `${channel.id.split('_')[0]}_${Math.floor((clock.at - 60_000) / 1000).toString(36)}`;
    const reads = vi.spyOn(h.runtime.stores, 'db');
    try {
      for (const id of [expiredId, '__x__', '..', '__proto__x__']) {
        const res = await h.google.push.deliver(channel, 'exists', { id });
        expect(res.status, id).toBe(401);
      }
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
  });
});

describe('channel renewal (Cloud Scheduler)', () => {
  const renew = async () => h.call('calendar-channel-renew', {}, { headers: { authorization: `Bearer ${await oidc.token('calendar-channel-renew')}` } });

  it('leaves channels that are far from expiring alone', async () => {
    expect((await renew()).json).toEqual({ data: { renewed: 0, reauthRequired: 0, failed: 0 } });
  });

  it('replaces a channel about to expire: new channel first, then the old one stopped', async () => {
    clock.at = channel.expiration - 12 * 60 * 60 * 1000;
    const res = await renew();
    expect(res.json).toEqual({ data: { renewed: 1, reauthRequired: 0, failed: 0 } });
    expect(h.google.push.calendarChannels.get(channel.id)?.stopped).toBe(true);
    const live = [...h.google.push.calendarChannels.values()].filter((c) => !c.stopped);
    expect(live).toHaveLength(1);
    const docs = (await (await db()).collection('calendarChannels').get()).docs.map((d) => d.id);
    expect(docs).toEqual([live[0]?.id]);
    // The old channel's notifications are refused from now on; the new one works.
    expect((await h.google.push.deliver(channel, 'exists')).status).toBe(401);
    const fresh = reachable(live[0] as CalendarChannelRecord);
    expect((await h.google.push.deliver(fresh, 'exists')).status).toBe(200);
  });
});

describe('watches around a connection (for the OAuth flow)', () => {
  const CY = 'cy@example.com';
  const cy = (): ActionContext => h.runtime.contextFor({ uid: 'cy', via: 'dev' }, 'test', new AbortController().signal);

  it('starts what the granted scopes allow, and stops it all on disconnect', async () => {
    await h.connectGoogle('cy', CY);
    const status = await watchGoogleAccount(cy(), CY, ['https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/gmail.send']);
    // No GMAIL_PUSH_TOPIC in this harness; gmail.send alone could not read the mailbox anyway.
    expect(status).toEqual({ gmail: 'no_scope', calendar: 'watching' });
    const live = () => [...h.google.push.calendarChannels.values()].filter((c) => !c.stopped && c.email === CY);
    expect(live()).toHaveLength(1);
    await unwatchGoogleAccount(cy(), CY);
    expect(live()).toHaveLength(0);
    const left = (await (await db()).collection('calendarChannels').where('uid', '==', 'cy').get()).size;
    expect(left).toBe(0);
  });
});
