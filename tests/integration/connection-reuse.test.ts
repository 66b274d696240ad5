import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { createRuntime, type Runtime } from '../../shared/runtime/runtime';
import { DEFAULT_SCOPES } from '../../sandbox/google';
import { startHarness, type Harness } from '../support/harness';

// A warm instance lets read actions use the connection it read within CONNECTION_REUSE_SEC
// (default 30 s) instead of reading Firestore on every call. These tests pin what that may and
// may not change: writes always act on the account as stored now, this instance's own writes are
// seen at once, and a change made by another instance (a second runtime on the same emulator)
// is seen within the window — at once when the provider refuses the remembered grant.

const ANA = 'ana@example.com';
const WORK = 'ana.work@example.com';
const UID = 'dev-user';

let h: Harness;
let now = Date.now();
let other: Runtime;
beforeAll(async () => {
  h = await startHarness({ clock: { now: () => new Date(now) } });
  // Another instance of the backend: same project, same secrets, its own memory.
  other = createRuntime({ config: loadConfig(h.env), logSink: () => undefined });
});
afterAll(async () => {
  await (await other?.stores.db())?.terminate();
  await h?.close();
});
beforeEach(async () => {
  now = Date.now();
  await h.reset();
});

const eventCalls = () => h.google.requests.filter((r) => r.path.includes('/calendar/v3/calendars/primary/events'));

async function connectedWithEvent(email = ANA) {
  const grant = await h.connectGoogle(UID, email);
  h.google.seedEvents(email, 'primary', [
    { summary: `Standup ${email}`, start: { dateTime: new Date(now + 3_600_000).toISOString() }, end: { dateTime: new Date(now + 7_200_000).toISOString() } },
  ]);
  return grant;
}

describe('read actions reuse the connection an instance read recently', () => {
  it('does not read the connection again within the window, and does after it', async () => {
    await connectedWithEvent();
    expect((await h.call('list-calendar-events', {})).status).toBe(200);
    // Deleted by another instance without revoking anything: this instance cannot know yet.
    await other.stores.connections.delete(UID, 'google', ANA);
    const within = await h.call('list-calendar-events', {});
    expect(within.status).toBe(200);
    expect(within.json.data.events.map((e: { summary: string }) => e.summary)).toEqual([`Standup ${ANA}`]);
    now += 31_000;
    const after = await h.call('list-calendar-events', {});
    expect(after.status).toBe(409);
    expect(after.json.error.code).toBe('not_connected');
    expect(eventCalls()).toHaveLength(2);
  });

  it('re-reads at once when the provider refuses a remembered grant that was revoked elsewhere', async () => {
    const grant = await connectedWithEvent();
    expect((await h.call('list-calendar-events', {})).status).toBe(200);
    // Disconnected on another instance: tokens revoked at Google, document deleted.
    h.google.revokeRefreshToken(grant.refreshToken);
    h.google.revokeRefreshToken(grant.accessToken);
    await other.stores.connections.delete(UID, 'google', ANA);
    const res = await h.call('list-calendar-events', {});
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'not_connected', details: { provider: 'google' } });
    expect(eventCalls()).toHaveLength(2);
  });

  it('sees a reconnect made elsewhere even while it remembers the account as needing one', async () => {
    await connectedWithEvent();
    await h.runtime.stores.connections.markReauthRequired(UID, 'google', ANA, 'invalid_grant');
    expect((await h.call('list-calendar-events', {})).json.error.code).toBe('reauth_required');
    await other.stores.connections.save(UID, {
      provider: 'google',
      account: ANA,
      email: ANA,
      scopes: [...DEFAULT_SCOPES],
      accessToken: h.google.issueAccessToken(ANA, { expiresInSec: 3600 }),
      expiryDate: now + 3_600_000,
    });
    const res = await h.call('list-calendar-events', {});
    expect(res.status).toBe(200);
    expect(res.json.data.account).toBe(ANA);
  });

  it('sees an account named by an alias set elsewhere', async () => {
    await connectedWithEvent();
    await connectedWithEvent(WORK);
    await h.runtime.stores.connections.setDefault(UID, 'google', ANA);
    expect((await h.call('list-calendar-events', {})).json.data.account).toBe(ANA);
    const db = await other.stores.db();
    await db.doc(`users/${UID}/connections/google:${WORK}`).update({ alias: 'work' });
    const res = await h.call('list-calendar-events', { account: 'work' });
    expect(res.status).toBe(200);
    expect(res.json.data.account).toBe(WORK);
  });

  it("sees its own instance's writes at once (default account moved)", async () => {
    await connectedWithEvent();
    await connectedWithEvent(WORK);
    await h.runtime.stores.connections.setDefault(UID, 'google', ANA);
    expect((await h.call('list-calendar-events', {})).json.data.account).toBe(ANA);
    const patched = await h.call('connections', { provider: 'google', account: WORK, default: true }, { method: 'PATCH' });
    expect(patched.status).toBe(200);
    expect((await h.call('list-calendar-events', {})).json.data.account).toBe(WORK);
  });

  it('never lets a write use a remembered connection', async () => {
    await connectedWithEvent();
    expect((await h.call('list-calendar-events', {})).status).toBe(200);
    await other.stores.connections.delete(UID, 'google', ANA);
    const start = new Date(now + 86_400_000);
    const res = await h.call(
      'create-calendar-event',
      { summary: 'Lunch', start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString() },
      { headers: { 'idempotency-key': 'reuse-write-1' } },
    );
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('not_connected');
    expect(h.google.requests.filter((r) => r.method === 'POST' && r.path.includes('/calendar/v3/'))).toHaveLength(0);
  });
});

describe('CONNECTION_REUSE_SEC=0', () => {
  it('reads the connection on every call', async () => {
    const strict = await startHarness({ extraEnv: { CONNECTION_REUSE_SEC: '0' } });
    try {
      await strict.connectGoogle(UID, ANA);
      expect((await strict.call('list-calendar-events', {})).status).toBe(200);
      const elsewhere = createRuntime({ config: loadConfig(strict.env), logSink: () => undefined });
      await elsewhere.stores.connections.delete(UID, 'google', ANA);
      await (await elsewhere.stores.db()).terminate();
      expect((await strict.call('list-calendar-events', {})).json.error.code).toBe('not_connected');
    } finally {
      await strict.close();
    }
  });
});
