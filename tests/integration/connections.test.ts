import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { expectNoPlaintextTokens } from '../support/plaintext-scan';

// The connections function: list (never tokens), default account, alias, disconnect with revoke.

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

describe('PATCH connections (alias)', () => {
  const patch = (body: unknown, uid = 'dev-user') => h.call('connections', body, { method: 'PATCH', headers: { authorization: `Bearer dev:${uid}` } });
  const aliases = async (uid = 'dev-user') => (await h.runtime.stores.connections.list(uid)).map((c) => [c.account, c.alias]);

  it('renames an account, which actions then select by its new alias, and clears it', async () => {
    await h.connectGoogle('dev-user', ANA, { alias: 'personal', isDefault: true });
    await h.connectGoogle('dev-user', BO);
    const set = await patch({ provider: 'google', account: BO, alias: '  Work  ' });
    expect(set.status).toBe(200);
    expect(set.json.data.connection).toMatchObject({ provider: 'google', account: BO, alias: 'Work', is_default: false });
    expect(await aliases()).toEqual([
      [ANA, 'personal'],
      [BO, 'Work'],
    ]);
    // Account selection (select-account.ts) finds it by the new name, case-insensitively.
    const events = await h.call('list-calendar-events', { account: 'work' });
    expect(events.status).toBe(200);
    expect(events.json.data.account).toBe(BO);
    // The old alias names nothing any more; the account can be named by its new one to rename it.
    expect((await patch({ provider: 'google', account: 'personal', alias: 'home' })).status).toBe(200);
    const cleared = await patch({ provider: 'google', account: 'work', alias: null });
    expect(cleared.status).toBe(200);
    expect(cleared.json.data.connection).not.toHaveProperty('alias');
    expect(await aliases()).toEqual([
      [ANA, 'home'],
      [BO, undefined],
    ]);
    const listed = await h.call('connections', undefined, { method: 'GET' });
    expect(listed.json.data.connections.map((c: { alias?: string }) => c.alias)).toEqual(['home', undefined]);
  });

  it('refuses a malformed alias or request with 400 and changes nothing', async () => {
    await h.connectGoogle('dev-user', ANA, { alias: 'personal' });
    for (const body of [
      { provider: 'google', account: ANA, alias: 'bo@example.com' },
      { provider: 'google', account: ANA, alias: '' },
      { provider: 'google', account: ANA, alias: '-dash' },
      { provider: 'google', account: ANA, alias: 'x'.repeat(41) },
      { provider: 'google', account: ANA, alias: 7 },
      { provider: 'google', account: ANA, alias: 'ok', default: true },
      { provider: 'google', account: ANA },
      { provider: 'google', account: ANA, alias: 'ok', extra: 1 },
    ]) {
      const res = await patch(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe('invalid_input');
    }
    expect(await aliases()).toEqual([[ANA, 'personal']]);
  });

  it('refuses, with 409 alias_taken, an alias that names another account: its alias, username or id', async () => {
    await h.connectGoogle('dev-user', ANA, { alias: 'personal' });
    await h.connectGoogle('dev-user', BO, { alias: 'work' });
    await h.connectX('dev-user');
    await h.runtime.stores.connections.save('dev-user', { provider: 'x', account: '1700000000000000099', username: 'bo_x', scopes: ['tweet.read'] });
    const cases: [unknown, string][] = [
      [{ provider: 'google', account: BO, alias: 'PERSONAL' }, `personal (${ANA})`],
      [{ provider: 'x', account: 'bo_x', alias: 'Ana_X' }, 'ana_x'],
      [{ provider: 'x', account: 'bo_x', alias: X_ID }, 'ana_x'],
    ];
    for (const [body, other] of cases) {
      const res = await patch(body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(res.json.error).toMatchObject({ code: 'conflict', details: { reason: 'alias_taken', account: other } });
    }
    expect(await aliases()).toEqual([
      [X_ID, undefined],
      ['1700000000000000099', undefined],
      [ANA, 'personal'],
      [BO, 'work'],
    ]);
    // The same name is fine for another provider, another user, or the account's own username.
    expect((await patch({ provider: 'x', account: X_ID, alias: 'personal' })).status).toBe(200);
    expect((await patch({ provider: 'x', account: 'bo_x', alias: 'bo_x' })).status).toBe(200);
    await h.connectGoogle('someone-else', 'cy@example.com');
    expect((await patch({ provider: 'google', account: 'cy@example.com', alias: 'work' }, 'someone-else')).status).toBe(200);
  });

  it('answers 404 for an account that is not connected (or is another user’s)', async () => {
    await h.connectGoogle('dev-user', ANA, { alias: 'personal' });
    await h.connectGoogle('someone-else', BO);
    for (const account of ['nobody', BO]) {
      const res = await patch({ provider: 'google', account, alias: 'work' });
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('not_found');
    }
    expect(await aliases()).toEqual([[ANA, 'personal']]);
    expect(await aliases('someone-else')).toEqual([[BO, undefined]]);
  });

  it('lets only one of two concurrent renames take the same alias', async () => {
    await h.connectGoogle('dev-user', ANA);
    await h.connectGoogle('dev-user', BO);
    const results = await Promise.all([ANA, BO].map((account) => patch({ provider: 'google', account, alias: 'shared' })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await aliases()).filter(([, a]) => a === 'shared')).toHaveLength(1);
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
