import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CALENDAR_EVENTS, GMAIL_SEND } from '../../shared/connections/scopes';
import { stateId } from '../../shared/oauth/oauth-states-store';
import { startHarness, type Harness } from '../support/harness';
import { connectThroughFlow, consentUrl, get, oauthStartUrl, toHarness } from '../support/oauth-flow';
import { expectNoPlaintextTokens } from '../support/plaintext-scan';

// The connect flow end to end: oauth-start → the fakes' consent pages → oauth-callback, through
// the real SDKs (google-auth-library, twitter-api-v2) and the Firestore emulator.

const RETURN_TO = 'https://app.example.com/connected';
const ANA = 'ana@example.com';
const BO = 'bo@example.com';
const X_USER = { id: '1700000000000000077', username: 'ana_on_x', name: 'Ana' };

let h: Harness;
const seen: string[] = [];
beforeAll(async () => {
  h = await startHarness({ extraEnv: { OAUTH_RETURN_TO_ALLOWLIST: `${RETURN_TO},https://other.example.com/back` } });
  h.google.addAccount({ email: ANA });
  h.google.addAccount({ email: BO });
  h.x.addUser(X_USER);
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  h.google.clearFaults();
  h.google.resetRecords();
  h.google.setConsent({ email: ANA });
  seen.length = 0;
});
afterEach(async () => expectNoPlaintextTokens(h, seen));

async function stateDocs() {
  return (await h.allDocuments()).filter((d) => d.path.startsWith('oauthStates/'));
}

describe('oauth-start', () => {
  it('redirects to Google consent with PKCE S256, offline access and a stored one-time state', async () => {
    const res = await get(oauthStartUrl(h, { provider: 'google', capabilities: 'calendar', return_to: RETURN_TO }));
    expect(res.status).toBe(302);
    const url = new URL(res.location ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(h.google.endpoints.oauth2AuthBaseUrl);
    const q = Object.fromEntries(url.searchParams);
    expect(q).toMatchObject({
      client_id: h.google.clientId,
      redirect_uri: 'http://127.0.0.1:9/oauth-callback/google',
      response_type: 'code',
      code_challenge_method: 'S256',
      access_type: 'offline',
      include_granted_scopes: 'true',
      prompt: 'consent',
    });
    expect(q.scope?.split(' ')).toEqual(['openid', 'email', CALENDAR_EVENTS]);
    expect(q.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.state).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    const docs = await stateDocs();
    expect(docs.map((d) => d.path)).toEqual([`oauthStates/${stateId(q.state ?? '')}`]);
    const stored = docs[0]?.data as Record<string, unknown>;
    expect(stored).toMatchObject({ uid: 'dev-user', provider: 'google', returnTo: RETURN_TO, scopes: ['openid', 'email', CALENDAR_EVENTS] });
    expect(Object.keys(stored.codeVerifier as object).sort()).toEqual(['ct', 'f', 'iv', 'tag', 'v']);
    const expireAt = (stored.expireAt as { toMillis(): number }).toMillis();
    expect(Math.abs(expireAt - (Date.now() + 600_000))).toBeLessThan(15_000);
    expect(JSON.stringify(docs)).not.toContain(q.state);
  });

  it('answers the consent URL as JSON with mode=json', async () => {
    const res = await get(oauthStartUrl(h, { provider: 'x', mode: 'json' }), { authorization: 'Bearer dev:app-user' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(['data']);
    expect(Object.keys(res.json.data).sort()).toEqual(['expires_at', 'url']);
    const url = new URL(res.json.data.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${h.x.url}/i/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'x-client-id',
      code_challenge_method: 'S256',
      redirect_uri: 'http://127.0.0.1:9/oauth-callback/x',
    });
    expect(url.searchParams.get('scope')?.split(' ').sort()).toEqual(['offline.access', 'tweet.read', 'tweet.write', 'users.read']);
    expect((await stateDocs())[0]?.data).toMatchObject({ uid: 'app-user', provider: 'x' });
  });

  it('refuses an unauthenticated caller with the error envelope and stores nothing', async () => {
    const res = await get(oauthStartUrl(h, { provider: 'google' }), { authorization: 'Bearer not-a-token' });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), requestId: expect.any(String) } });
    expect(await stateDocs()).toEqual([]);
  });

  it.each([
    ['an unknown provider', { provider: 'github' }],
    ['an unknown capability', { provider: 'google', capabilities: 'calendar,drive' }],
    ['an alias with odd characters', { provider: 'google', account: '<script>' }],
  ])('refuses %s with 400 and stores nothing', async (_why, params) => {
    const res = await get(oauthStartUrl(h, params as Record<string, string>));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
    expect(await stateDocs()).toEqual([]);
  });

  it.each([
    ['a repeated provider', 'provider=google&provider=x'],
    ['a repeated return_to', `provider=google&return_to=${encodeURIComponent(RETURN_TO)}&return_to=https%3A%2F%2Fevil.example`],
  ])('refuses %s with 400 and stores nothing', async (_why, query) => {
    const res = await get(`${h.url}/oauth-start?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
    expect(await stateDocs()).toEqual([]);
  });

  it.each([
    'https://evil.example/connected',
    '//evil.example/connected',
    '/\\evil.example',
    '%2F%2Fevil.example',
    'https://app.example.com/connected/%2F%2Fevil.example',
    'https://app.example.com/connected/..%2F..%2Fadmin',
    'https://app.example.com@evil.example/connected',
    'https://app.example.com.evil.example/connected',
    'https:\\\\evil.example',
    'javascript:alert(1)',
  ])('refuses return_to=%s (no open redirect) and stores nothing', async (returnTo) => {
    const res = await get(oauthStartUrl(h, { provider: 'google', return_to: returnTo }));
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
    expect(res.json.error).toMatchObject({ code: 'invalid_input', details: { parameter: 'return_to' } });
    expect(await stateDocs()).toEqual([]);
  });

  it('answers 405 to POST', async () => {
    const res = await h.call('oauth-start', {});
    expect(res.status).toBe(405);
    expect(res.json.error.code).toBe('method_not_allowed');
  });
});

describe('connecting Google', () => {
  it('walks consent → callback → return_to and the account works at once', async () => {
    const done = await connectThroughFlow(h, { provider: 'google', capabilities: 'calendar,gmail.read', account: 'personal', return_to: RETURN_TO });
    expect(done.status).toBe(302);
    expect(done.location).toBe(`${RETURN_TO}?connected=google&account=personal`);
    expect(h.google.tokenCalls('authorization_code')).toBe(1);
    const [conn] = await h.runtime.stores.connections.list('dev-user', 'google');
    expect(conn).toMatchObject({ account: ANA, email: ANA, alias: 'personal', isDefault: true, status: 'active' });
    expect(conn?.scopes).toContain(CALENDAR_EVENTS);
    expect(conn?.scopes).not.toContain(GMAIL_SEND);
    const full = await h.runtime.stores.connections.get('dev-user', 'google', ANA);
    expect(full?.refreshToken).toMatch(/^1\/\//);
    seen.push(full?.refreshToken ?? '', full?.accessToken ?? '');
    const events = await h.call('list-calendar-events', { account: 'personal' });
    expect(events.status).toBe(200);
    expect(events.json.data.account).toBe(ANA);
    expect(await stateDocs()).toEqual([]);
  });

  it('answers JSON when no return_to was given', async () => {
    const done = await connectThroughFlow(h, { provider: 'google', capabilities: 'calendar' });
    expect(done.status).toBe(200);
    expect(Object.keys(done.json)).toEqual(['data']);
    expect(done.json.data).toMatchObject({
      connected: 'google',
      connection: { provider: 'google', account: ANA, email: ANA, is_default: true, status: 'active' },
    });
    expect(JSON.stringify(done.json)).not.toMatch(/ya29\.|1\/\/|token/i);
  });

  it('stores the scopes the user granted, not the ones requested (granular consent)', async () => {
    const consent = new URL(await consentUrl(h, { provider: 'google', capabilities: 'calendar,gmail.send', return_to: RETURN_TO }));
    const p = Object.fromEntries(consent.searchParams);
    // The user unticks "Send email on your behalf" on Google's consent screen.
    const code = h.google.createAuthCode({
      email: ANA,
      redirectUri: p.redirect_uri ?? '',
      scopes: ['openid', 'https://www.googleapis.com/auth/userinfo.email', CALENDAR_EVENTS],
      codeChallenge: p.code_challenge,
      codeChallengeMethod: 'S256',
    });
    const done = await get(`${h.url}/oauth-callback/google?${new URLSearchParams({ state: p.state ?? '', code, scope: 'openid email' })}`);
    expect(done.location).toBe(`${RETURN_TO}?connected=google&account=${encodeURIComponent(ANA)}`);
    const [conn] = await h.runtime.stores.connections.list('dev-user', 'google');
    expect(conn?.scopes).toContain(CALENDAR_EVENTS);
    expect(conn?.scopes).not.toContain(GMAIL_SEND);
    const send = await h.call('send-email', { to: [BO], subject: 'Hi', text: 'Hello' });
    expect(send.status).toBe(409);
    expect(send.json.error).toMatchObject({ code: 'not_connected', details: { provider: 'google', missingScopes: [GMAIL_SEND] } });
    expect(send.json.error.details.connectUrl).toContain('capabilities=gmail.send');
    expect((await h.call('list-calendar-events', {})).status).toBe(200);
  });

  it('reports a denied consent to return_to and connects nothing', async () => {
    h.google.setConsent({ email: ANA, deny: true });
    const done = await connectThroughFlow(h, { provider: 'google', return_to: RETURN_TO });
    expect(done.location).toBe(`${RETURN_TO}?error=access_denied&provider=google`);
    expect(h.google.tokenCalls()).toBe(0);
    expect(await h.runtime.stores.connections.list('dev-user')).toEqual([]);
  });

  it('keeps the old refresh token when a reconnect returns none', async () => {
    await connectThroughFlow(h, { provider: 'google', capabilities: 'calendar', account: 'personal' });
    const before = await h.runtime.stores.connections.get('dev-user', 'google', ANA);
    const consent = new URL(await consentUrl(h, { provider: 'google', account: 'personal' }));
    const p = Object.fromEntries(consent.searchParams);
    expect(p.login_hint).toBe(ANA);
    const code = h.google.createAuthCode({
      email: ANA,
      redirectUri: p.redirect_uri ?? '',
      offline: false,
      codeChallenge: p.code_challenge,
      codeChallengeMethod: 'S256',
    });
    const done = await get(`${h.url}/oauth-callback/google?${new URLSearchParams({ state: p.state ?? '', code })}`);
    expect(done.status).toBe(200);
    const after = await h.runtime.stores.connections.get('dev-user', 'google', ANA);
    expect(after?.refreshToken).toBe(before?.refreshToken);
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect(after).toMatchObject({ alias: 'personal', isDefault: true });
  });
});

describe('several Google accounts', () => {
  it('keeps the first as default, names the account in results and can switch the default', async () => {
    await connectThroughFlow(h, { provider: 'google', capabilities: 'calendar', account: 'personal' });
    h.google.setConsent({ email: BO });
    const second = await connectThroughFlow(h, { provider: 'google', capabilities: 'calendar', account: 'work', return_to: RETURN_TO });
    expect(second.location).toBe(`${RETURN_TO}?connected=google&account=work`);
    const list = await h.call('connections', undefined, { method: 'GET' });
    expect(list.json.data.connections.map((c: { alias: string; is_default: boolean }) => [c.alias, c.is_default])).toEqual([
      ['personal', true],
      ['work', false],
    ]);
    expect((await h.call('list-calendar-events', {})).json.data.account).toBe(ANA);
    expect((await h.call('list-calendar-events', { account: 'work' })).json.data.account).toBe(BO);
    const patched = await h.call('connections', { provider: 'google', account: 'work', default: true }, { method: 'PATCH' });
    expect(patched.status).toBe(200);
    expect(patched.json.data.connection).toMatchObject({ alias: 'work', is_default: true });
    expect((await h.call('list-calendar-events', {})).json.data.account).toBe(BO);
  });

  it('refuses an ambiguous call when no account is the default, listing the accounts', async () => {
    await h.connectGoogle('dev-user', ANA, { alias: 'personal' });
    await h.connectGoogle('dev-user', BO, { alias: 'work' });
    const res = await h.call('list-calendar-events', {});
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'invalid_input', details: { accounts: [`personal (${ANA})`, `work (${BO})`] } });
    expect(h.google.requests.filter((r) => r.path.includes('/calendar/'))).toHaveLength(0);
  });
});

describe('connecting X', () => {
  it('walks consent → callback, stores the X identity and posts with it', async () => {
    h.x.setConsent({ userId: X_USER.id });
    const done = await connectThroughFlow(h, { provider: 'x', return_to: 'https://other.example.com/back/x' });
    expect(done.location).toBe('https://other.example.com/back/x?connected=x&account=ana_on_x');
    const [conn] = await h.runtime.stores.connections.list('dev-user', 'x');
    expect(conn).toMatchObject({ account: X_USER.id, username: 'ana_on_x', isDefault: true, status: 'active' });
    expect(conn?.scopes).toEqual(['offline.access', 'tweet.read', 'tweet.write', 'users.read']);
    const post = await h.call('post-tweet', { text: 'Connected through the consent flow' });
    expect(post.status).toBe(201);
    expect(post.json.data.account).toBe('ana_on_x');
  });

  it('fails cleanly when X refuses the code exchange', async () => {
    h.x.setConsent({ userId: X_USER.id });
    const consent = await consentUrl(h, { provider: 'x', return_to: RETURN_TO });
    const page = await get(consent);
    const callback = new URL(toHarness(h, page.location ?? ''));
    callback.searchParams.set('code', 'x-fake-code-forged');
    const done = await get(callback.toString());
    expect(done.location).toBe(`${RETURN_TO}?error=exchange_failed&provider=x`);
    expect(await h.runtime.stores.connections.list('dev-user')).toEqual([]);
  });
});
