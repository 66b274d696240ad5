import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { expectNoPlaintextTokens } from '../support/plaintext-scan';

// The connections function: list (never tokens), default account, disconnect with revoke.

const ANA = 'ana@example.com';
const BO = 'bo@example.com';
const X_ID = '1700000000000000042';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(() => h.reset());
afterEach(async () => expectNoPlaintextTokens(h));

describe('GET connections', () => {
  it("lists the caller's connections without any token", async () => {
    const g = await h.connectGoogle('dev-user', ANA, { alias: 'personal', isDefault: true });
    const x = await h.connectX('dev-user');
    await h.connectGoogle('someone-else', BO);
    const res = await h.call('connections', undefined, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(['data']);
    expect(res.json.data.connections).toEqual([
      {
        provider: 'google',
        account: ANA,
        email: ANA,
        alias: 'personal',
        scopes: expect.arrayContaining(['openid']),
        status: 'active',
        is_default: true,
        connected_at: expect.any(String),
      },
      {
        provider: 'x',
        account: X_ID,
        username: 'ana_x',
        scopes: ['offline.access', 'tweet.read', 'tweet.write', 'users.read'],
        status: 'active',
        is_default: false,
        connected_at: expect.any(String),
      },
    ]);
    for (const t of [g.accessToken, g.refreshToken, x.accessToken, x.refreshToken]) expect(res.text).not.toContain(t);
    expect(res.text).not.toMatch(/"(access|refresh)_?token"/i);
  });

  it('refuses an unauthenticated caller', async () => {
    const res = await h.call('connections', undefined, { method: 'GET', headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), requestId: res.headers.get('x-request-id') } });
  });

  it('answers 405 to POST', async () => {
    const res = await h.call('connections', {});
    expect(res.status).toBe(405);
    expect(res.json.error.details.allow).toEqual(['GET', 'PATCH', 'DELETE']);
  });
});

describe('PATCH connections (default account)', () => {
  it('refuses an unknown account with 404 and a bad body with 400', async () => {
    await h.connectGoogle('dev-user', ANA);
    const missing = await h.call('connections', { provider: 'google', account: 'nobody', default: true }, { method: 'PATCH' });
    expect(missing.status).toBe(404);
    expect(missing.json.error.details.accounts).toEqual([ANA]);
    const bad = await h.call('connections', { provider: 'google', account: ANA, default: false }, { method: 'PATCH' });
    expect(bad.status).toBe(400);
  });
});

describe('DELETE connections', () => {
  it('revokes the Google grant, deletes the connection, and the next action answers not_connected', async () => {
    const { refreshToken } = await h.connectGoogle('dev-user', ANA, { alias: 'personal' });
    const res = await fetch(`${h.url}/connections?provider=google&account=personal`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { provider: 'google', account: ANA, revoked: true, deleted: true } });
    const revokes = h.google.requests.filter((r) => r.path === '/revoke');
    expect(revokes).toHaveLength(1);
    expect(new URLSearchParams(revokes[0]?.rawBody).get('token')).toBe(refreshToken);
    expect(await h.runtime.stores.connections.list('dev-user')).toEqual([]);
    const next = await h.call('list-calendar-events', {});
    expect(next.status).toBe(409);
    expect(next.json.error.code).toBe('not_connected');
    // The grant is dead at Google too.
    const refresh = await fetch(h.google.endpoints.oauth2TokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: h.google.clientId,
        client_secret: h.google.clientSecret,
      }),
    });
    expect(((await refresh.json()) as { error?: string }).error).toBe('invalid_grant');
  });

  it('revokes the X grant and deletes the connection', async () => {
    await h.connectX('dev-user');
    const before = h.x.tokenCalls().length;
    const del = await fetch(`${h.url}/connections?provider=x`, { method: 'DELETE' });
    expect(await del.json()).toEqual({ data: { provider: 'x', account: X_ID, revoked: true, deleted: true } });
    expect(h.x.tokenCalls().slice(before)).toEqual([expect.objectContaining({ endpoint: 'revoke', status: 200 })]);
    const post = await h.call('post-tweet', { text: 'after disconnect' });
    expect(post.status).toBe(409);
    expect(post.json.error.code).toBe('not_connected');
  });

  it('still deletes locally when the provider revoke fails, and says so', async () => {
    await h.connectGoogle('dev-user', ANA);
    h.google.inject({ match: { method: 'POST', path: '/revoke' }, status: 503, times: 5 });
    const del = await fetch(`${h.url}/connections?provider=google&account=${ANA}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ data: { provider: 'google', account: ANA, revoked: false, deleted: true } });
    expect(await h.runtime.stores.connections.list('dev-user')).toEqual([]);
  });

  it('treats an already-revoked Google token as revoked', async () => {
    const { refreshToken } = await h.connectGoogle('dev-user', ANA);
    h.google.revokeRefreshToken(refreshToken);
    const del = await fetch(`${h.url}/connections?provider=google`, { method: 'DELETE' });
    expect(((await del.json()) as { data: { revoked: boolean } }).data.revoked).toBe(true);
  });

  it('asks which account when several are connected and none is named', async () => {
    await h.connectGoogle('dev-user', ANA, { alias: 'personal' });
    await h.connectGoogle('dev-user', BO, { alias: 'work' });
    const del = await fetch(`${h.url}/connections?provider=google`, { method: 'DELETE' });
    expect(del.status).toBe(400);
    expect(((await del.json()) as { error: { details: unknown } }).error.details).toMatchObject({ accounts: [`personal (${ANA})`, `work (${BO})`] });
    expect(await h.runtime.stores.connections.list('dev-user')).toHaveLength(2);
    expect(h.google.requests.filter((r) => r.path === '/revoke')).toHaveLength(0);
  });

  it('answers 404 for an account that is not connected and revokes nothing', async () => {
    await h.connectGoogle('dev-user', ANA);
    const del = await fetch(`${h.url}/connections?provider=google&account=${BO}`, { method: 'DELETE', headers: { authorization: 'Bearer dev:dev-user' } });
    expect(del.status).toBe(404);
    expect(h.google.requests.filter((r) => r.path === '/revoke')).toHaveLength(0);
  });
});
