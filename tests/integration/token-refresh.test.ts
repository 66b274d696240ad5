import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { googleFaults } from '../../sandbox/google';
import { startHarness, type Harness } from '../support/harness';
import { expectNoPlaintextTokens } from '../support/plaintext-scan';

// Refresh single-flight: however many requests find the access token expired, one token call;
// transient token-endpoint failures are retried and never mark the connection.

const ANA = 'ana@example.com';
const X_ID = '1700000000000000042';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // Warm the instance (SDK imports, Secret Manager, Firestore channels) so the concurrency tests
  // measure the single-flight, not ten cold starts racing a loaded machine.
  await h.connectGoogle('warm-up', ANA);
  await h.call('list-calendar-events', {}, { headers: { authorization: 'Bearer dev:warm-up' } });
  await h.connectX('warm-up');
  await h.call('post-tweet', { text: 'warm-up' }, { headers: { authorization: 'Bearer dev:warm-up' } });
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  h.google.clearFaults();
  h.google.resetRecords();
  h.x.clearFaults();
  h.x.resetRecords();
  xBaseline = 0;
  xBaseline = xRefreshCalls().length;
});
afterEach(async () => expectNoPlaintextTokens(h));

// The X fake keeps its token-call log across resetRecords(): count from a per-test baseline.
let xBaseline = 0;
const xRefreshCalls = () =>
  h.x
    .tokenCalls()
    .filter((c) => c.endpoint === 'token' && c.grantType === 'refresh_token')
    .slice(xBaseline);

async function status(provider: 'google' | 'x') {
  return (await h.runtime.stores.connections.list('dev-user', provider))[0]?.status;
}

describe('Google refresh single-flight', () => {
  it('10 concurrent actions on an expired token → exactly one token call, all 10 succeed', async () => {
    await h.connectGoogle('dev-user', ANA, { expired: true });
    const results = await Promise.all(Array.from({ length: 10 }, () => h.call('list-calendar-events', {})));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(h.google.tokenCalls('refresh_token')).toBe(1);
    // Every request used the one refreshed token.
    const bearers = new Set(h.google.requests.filter((r) => r.path.includes('/calendar/v3/')).map((r) => r.headers.authorization));
    expect(bearers.size).toBe(1);
    const conn = await h.runtime.stores.connections.get('dev-user', 'google', ANA);
    expect(`Bearer ${conn?.accessToken}`).toBe([...bearers][0]);
    expect(conn?.status).toBe('active');
  }, 60_000);

  it('retries a 503 from the token endpoint and succeeds without marking the connection', async () => {
    await h.connectGoogle('dev-user', ANA, { expired: true });
    h.google.inject(googleFaults.unavailable({ method: 'POST', path: '/token' }, undefined, { times: 1 }));
    const res = await h.call('list-calendar-events', {});
    expect(res.status).toBe(200);
    expect(h.google.tokenCalls('refresh_token')).toBe(2);
    expect(await status('google')).toBe('active');
  });

  it('retries a dropped connection to the token endpoint', async () => {
    await h.connectGoogle('dev-user', ANA, { expired: true });
    h.google.inject(googleFaults.networkError({ method: 'POST', path: '/token' }, { times: 1 }));
    const res = await h.call('list-calendar-events', {});
    expect(res.status).toBe(200);
    expect(await status('google')).toBe('active');
  });

  it('gives up after a few tries with a retryable 503 and leaves the connection active', async () => {
    await h.connectGoogle('dev-user', ANA, { expired: true });
    h.google.inject(googleFaults.unavailable({ method: 'POST', path: '/token' }, undefined, { times: 10 }));
    const res = await h.call('list-calendar-events', {});
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('upstream_unavailable');
    // google-auth-library's own retries: the first try and three more.
    expect(h.google.tokenCalls('refresh_token')).toBe(4);
    expect(await status('google')).toBe('active');
    h.google.clearFaults();
    expect((await h.call('list-calendar-events', {})).status).toBe(200);
  });

  it('waiters fail fast, without calling the token endpoint again, when the refresh they waited on failed', async () => {
    await h.connectGoogle('dev-user', ANA, { expired: true });
    h.google.inject({ ...googleFaults.unavailable({ method: 'POST', path: '/token' }), times: 10, delayMs: 150 });
    const results = await Promise.all(Array.from({ length: 4 }, () => h.call('list-calendar-events', {})));
    expect(results.map((r) => r.status)).toEqual([503, 503, 503, 503]);
    expect(h.google.tokenCalls('refresh_token')).toBe(4);
    expect(await status('google')).toBe('active');
  });

  it('marks reauth_required only on invalid_grant, and only once across concurrent requests', async () => {
    await h.connectGoogle('dev-user', ANA, { expired: true });
    h.google.inject(googleFaults.invalidGrant({ times: 10 }));
    const results = await Promise.all(Array.from({ length: 5 }, () => h.call('list-calendar-events', {})));
    expect(results.map((r) => r.json.error?.code)).toEqual(Array(5).fill('reauth_required'));
    expect(h.google.tokenCalls('refresh_token')).toBe(1);
    expect(await status('google')).toBe('reauth_required');
  });

  it('a token that expires during a request is refreshed through the single-flight and persisted', async () => {
    const { accessToken } = await h.connectGoogle('dev-user', ANA);
    // Fresh by the session's check (60 s margin) when it opens, expiring a moment later.
    await h.runtime.stores.connections.updateTokens('dev-user', 'google', ANA, { expiryDate: Date.now() + 61_000 });
    const ctx = h.runtime.contextFor({ uid: 'dev-user', via: 'dev' }, 'mid-request', new AbortController().signal);
    const session = await ctx.clients.google(['https://www.googleapis.com/auth/calendar.events.readonly']);
    expect(h.google.tokenCalls('refresh_token')).toBe(0);
    expect(session.auth.credentials.refresh_token).toBeUndefined(); // the per-request client never holds it
    await new Promise((r) => setTimeout(r, 1_100));
    const { calendar } = await import('@googleapis/calendar');
    const res = await calendar({ version: 'v3', auth: session.auth, ...session.apiOptions }).events.list({ calendarId: 'primary' });
    expect(res.status).toBe(200);
    expect(h.google.tokenCalls('refresh_token')).toBe(1);
    const stored = await h.runtime.stores.connections.get('dev-user', 'google', ANA);
    expect(stored?.accessToken).not.toBe(accessToken);
    expect(h.google.requests.filter((r) => r.path.includes('/calendar/v3/')).at(-1)?.headers.authorization).toBe(`Bearer ${stored?.accessToken}`);
    expect((stored?.expiryDate ?? 0) - Date.now()).toBeGreaterThan(50 * 60_000);
  });
});

describe('X refresh with rotation', () => {
  it('10 concurrent posts on an expired token → one refresh, all succeed, and the rotated pair keeps working', async () => {
    const { refreshToken: first } = await h.connectX('dev-user', { expired: true });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => h.call('post-tweet', { text: `concurrent post ${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(xRefreshCalls()).toHaveLength(1);
    const after = await h.runtime.stores.connections.get('dev-user', 'x', X_ID);
    expect(after?.refreshToken).not.toBe(first);
    // Expire it again: the next refresh spends the rotated token, not the dead one.
    await (await h.runtime.stores.connections.ref('dev-user', 'x', X_ID)).update({ expiryDate: Date.now() - 1000 });
    expect((await h.call('post-tweet', { text: 'after the second rotation' })).status).toBe(201);
    expect(xRefreshCalls().map((c) => c.status)).toEqual([200, 200]);
    expect(await status('x')).toBe('active');
  }, 60_000);

  it('a refresh token spent elsewhere does not strand the connection when the stored pair is newer', async () => {
    const { refreshToken: stale } = await h.connectX('dev-user', { expired: true });
    // Another instance refreshed and stored the new pair, but this one still holds the old token:
    // simulate by rotating at X and writing the new pair, then replaying the stale token's refusal.
    const rotated = await fetch(`${h.x.url}/2/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('x-client-id:x-client-secret-value').toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stale }),
    }).then((r) => r.json() as Promise<{ access_token: string; refresh_token: string }>);
    const { RefreshLeases } = await import('../../shared/connections/refresh-lease');
    await h.runtime.stores.connections.updateTokens('dev-user', 'x', X_ID, {
      accessToken: rotated.access_token,
      refreshToken: rotated.refresh_token,
      expiryDate: Date.now() + 7_200_000,
    });
    const leases = new RefreshLeases(h.runtime.stores.connections, Date.now);
    const outcome = await leases.markRejected({ uid: 'dev-user', provider: 'x', account: X_ID }, stale, 'refresh_rejected');
    expect(outcome.kind).toBe('superseded');
    expect(await status('x')).toBe('active');
    expect((await h.call('post-tweet', { text: 'still connected' })).status).toBe(201);
  });

  it("retries a 503 from X's token endpoint without marking the connection", async () => {
    await h.connectX('dev-user', { expired: true });
    h.x.injectUnavailable({ match: { method: 'POST', path: '/2/oauth2/token' }, times: 1 });
    expect((await h.call('post-tweet', { text: 'after a 503' })).status).toBe(201);
    expect(await status('x')).toBe('active');
  });

  it('marks reauth_required when X refuses the refresh token', async () => {
    const { refreshToken } = await h.connectX('dev-user', { expired: true });
    await fetch(`${h.x.url}/2/oauth2/revoke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('x-client-id:x-client-secret-value').toString('base64')}`,
      },
      body: new URLSearchParams({ token: refreshToken }),
    });
    const res = await h.call('post-tweet', { text: 'revoked' });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'reauth_required', details: { provider: 'x', reason: 'refresh_rejected' } });
    expect(await status('x')).toBe('reauth_required');
  });
});
