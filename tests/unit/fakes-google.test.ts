// Proves the Google fake speaks the wire format the REAL SDKs expect: every call below goes
// through @googleapis/* or google-auth-library, never a hand-rolled fetch (except the consent
// redirect, which is a browser's job).
process.env.METADATA_SERVER_DETECTION = 'none';

import { calendar } from '@googleapis/calendar';
import { gmail } from '@googleapis/gmail';
import { youtube } from '@googleapis/youtube';
import { ClientAuthentication, OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../sandbox/fake-server';
import { googleFaults, SCOPES, seedGoogleSandbox, startGoogleFake, type GoogleFake, type SeededAccount } from '../../sandbox/google';
import { s256 } from '../../sandbox/google/oauth-token';

let g: GoogleFake;
let alice: SeededAccount;

beforeAll(async () => {
  g = await startGoogleFake({ apiKey: 'test-api-key', clientId: 'cid.apps.googleusercontent.com', clientSecret: 'shh' });
  alice = g.addAccount({ email: 'alice@example.com' });
});
afterAll(() => g.close());
beforeEach(() => {
  g.clearFaults();
  g.setLatency(0);
});

/** An OAuth2Client whose access token is already expired, so the first call must refresh. */
function expiredClient(refreshToken: string, opts: { clientAuthentication?: ClientAuthentication } = {}) {
  const client = new OAuth2Client({ clientId: g.clientId, clientSecret: g.clientSecret, endpoints: { oauth2TokenUrl: `${g.url}/token` }, ...opts });
  client.setCredentials({ refresh_token: refreshToken, access_token: 'ya29.stale', expiry_date: Date.now() - 60_000 });
  return client;
}

/** Matcher for a GaxiosError carrying Google's error JSON with this status and reason. */
const apiError = (status: number, fields: Record<string, unknown>) => ({
  response: { status, data: { error: { code: status, errors: [expect.objectContaining(fields)] } } },
});

function bearerClient(email: string) {
  const client = new OAuth2Client({ clientId: g.clientId, clientSecret: g.clientSecret });
  client.setCredentials({ access_token: g.issueAccessToken(email), expiry_date: Date.now() + 3_600_000 });
  return client;
}

describe('fake-server base', () => {
  it('listens on loopback without a trailing slash, records requests and 404s in Google shape', async () => {
    const s = await startFakeServer([{ method: 'GET', pattern: /^\/hello\/(?<who>[^/]+)$/, handle: (r) => ({ status: 200, body: { hi: r.params.who } }) }]);
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${s.url}/hello/a%20b?x=1&x=2`)).json()).toEqual({ hi: 'a b' });
      expect(s.requests[0]).toMatchObject({ method: 'GET', path: '/hello/a%20b', query: { x: ['1', '2'] } });
      const missing = await fetch(`${s.url}/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
      s.inject({ status: 418, body: 'teapot', times: 1 });
      expect((await fetch(`${s.url}/hello/x`)).status).toBe(418);
      expect((await fetch(`${s.url}/hello/x`)).status).toBe(200);
      s.inject({ status: 0 });
      await expect(fetch(`${s.url}/hello/x`)).rejects.toThrow();
      s.setLatency(60);
      const t0 = Date.now();
      await fetch(`${s.url}/hello/x`);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(50);
      s.resetRecords();
      expect(s.requests).toHaveLength(0);
    } finally {
      await s.close();
    }
  });
});

describe('OAuth', () => {
  it('refreshes an expired token through OAuth2Client (the tokens event fires)', async () => {
    const client = expiredClient(alice.refreshToken);
    const seen: Array<{ access_token?: string | null; refresh_token?: string | null }> = [];
    // Copied at emit time: OAuth2Client adds the old refresh_token to the same object afterwards.
    client.on('tokens', (t) => seen.push({ ...t }));
    const before = g.tokenCalls('refresh_token');
    const cal = calendar({ version: 'v3', auth: client, rootUrl: g.rootUrl });
    const res = await cal.events.list({ calendarId: 'primary' });
    expect(res.status).toBe(200);
    expect(g.tokenCalls('refresh_token')).toBe(before + 1);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.access_token).toMatch(/^ya29\./);
    expect(seen[0]?.refresh_token).toBeUndefined(); // Google does not rotate by default
    expect(client.credentials.expiry_date).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('accepts client_secret_basic as well as client_secret_post', async () => {
    const client = expiredClient(alice.refreshToken, { clientAuthentication: ClientAuthentication.ClientSecretBasic });
    const { token } = await client.getAccessToken();
    expect(token).toMatch(/^ya29\./);
  });

  it('fails with invalid_grant once the refresh token is revoked, and kills its access tokens', async () => {
    const bob = g.addAccount({ email: 'bob@example.com' });
    const live = expiredClient(bob.refreshToken);
    await live.getAccessToken();
    g.revokeRefreshToken(bob.refreshToken);
    const cal = calendar({ version: 'v3', auth: live, rootUrl: g.rootUrl });
    await expect(cal.events.list({ calendarId: 'primary' })).rejects.toMatchObject({ status: 401 });
    const fresh = calendar({ version: 'v3', auth: expiredClient(bob.refreshToken), rootUrl: g.rootUrl });
    await expect(fresh.events.list({ calendarId: 'primary' })).rejects.toMatchObject({
      response: { status: 400, data: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } },
    });
  });

  it('revokes through OAuth2Client.revokeToken (POST /revoke?token=)', async () => {
    const carol = g.addAccount({ email: 'carol@example.com' });
    const client = new OAuth2Client({ clientId: g.clientId, clientSecret: g.clientSecret, endpoints: g.endpoints });
    const res = await client.revokeToken(carol.refreshToken);
    expect(res.status).toBe(200);
    await expect(expiredClient(carol.refreshToken).getAccessToken()).rejects.toMatchObject({ response: { data: { error: 'invalid_grant' } } });
  });

  it('runs the consent redirect with PKCE S256 and exchanges the code', async () => {
    const redirectUri = 'http://127.0.0.1:9/oauth/callback';
    const client = new OAuth2Client({ clientId: g.clientId, clientSecret: g.clientSecret, redirectUri, endpoints: g.endpoints });
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
    const consent = async () => {
      const url = client.generateAuthUrl({
        access_type: 'offline',
        scope: ['openid', 'email', 'https://www.googleapis.com/auth/calendar.events'],
        state: 'xyz',
        code_challenge: codeChallenge,
        code_challenge_method: 'S256' as never,
        login_hint: 'alice@example.com',
      });
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
      expect(location.searchParams.get('state')).toBe('xyz');
      return location.searchParams.get('code') ?? '';
    };
    await expect(client.getToken({ code: await consent(), codeVerifier: 'wrong-verifier-wrong-verifier-wrong-verifier' })).rejects.toMatchObject({
      response: { status: 400, data: { error: 'invalid_grant' } },
    });
    const { tokens } = await client.getToken({ code: await consent(), codeVerifier });
    expect(tokens.refresh_token).toMatch(/^1\/\//);
    expect(tokens.scope).toContain('https://www.googleapis.com/auth/userinfo.email');
    client.setCredentials(tokens);
    const me = await client.request<{ email: string; email_verified: boolean; sub: string }>({ url: `${g.url}/oauth2/v3/userinfo` });
    expect(me.data).toEqual({ sub: alice.sub, email: 'alice@example.com', email_verified: true, picture: expect.any(String) });
  });

  it('rotates refresh tokens when configured (the tokens event carries the new one)', async () => {
    const rg = await startGoogleFake({ rotateRefreshTokens: true });
    try {
      const acct = rg.addAccount({ email: 'rot@example.com' });
      const client = new OAuth2Client({ clientId: rg.clientId, clientSecret: rg.clientSecret, endpoints: rg.endpoints });
      client.setCredentials({ refresh_token: acct.refreshToken, expiry_date: Date.now() - 1 });
      const seen: Array<{ refresh_token?: string | null }> = [];
      client.on('tokens', (t) => seen.push({ ...t }));
      await client.getAccessToken();
      expect(seen[0]?.refresh_token).toMatch(/^1\/\//);
      expect(seen[0]?.refresh_token).not.toBe(acct.refreshToken);
      const stale = new OAuth2Client({ clientId: rg.clientId, clientSecret: rg.clientSecret, endpoints: rg.endpoints });
      stale.setCredentials({ refresh_token: acct.refreshToken, expiry_date: Date.now() - 1 });
      await expect(stale.getAccessToken()).rejects.toMatchObject({ response: { data: { error: 'invalid_grant' } } });
    } finally {
      await rg.close();
    }
  });

  it('injects invalid_grant on /token', async () => {
    g.inject(googleFaults.invalidGrant());
    await expect(expiredClient(alice.refreshToken).getAccessToken()).rejects.toMatchObject({ response: { status: 400, data: { error: 'invalid_grant' } } });
    expect((await expiredClient(alice.refreshToken).getAccessToken()).token).toMatch(/^ya29\./);
  });

  it('implements RFC 7636 S256 (appendix B vector)', () => {
    expect(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
});

describe('Calendar v3', () => {
  const cal = () => calendar({ version: 'v3', auth: bearerClient('dora@example.com'), rootUrl: g.rootUrl });
  beforeAll(() => {
    g.addAccount({ email: 'dora@example.com' });
    const day = (d: number, h: number) => new Date(Date.UTC(2030, 0, d, h)).toISOString();
    g.seedEvents('dora@example.com', 'primary', [
      { summary: 'C', start: day(12, 9), end: day(12, 10) },
      { summary: 'A', start: day(10, 9), end: day(10, 10) },
      { summary: 'B', start: day(11, 9), end: day(11, 10) },
      { summary: 'Outside', start: day(20, 9), end: day(20, 10) },
    ]);
  });

  it('lists by time window, ordered by start time, paginated', async () => {
    const params = {
      calendarId: 'primary',
      timeMin: '2030-01-01T00:00:00Z',
      timeMax: '2030-01-15T00:00:00Z',
      singleEvents: true,
      orderBy: 'startTime',
      maxResults: 2,
    };
    const first = await cal().events.list(params);
    expect(first.data.kind).toBe('calendar#events');
    expect(first.data.items?.map((e) => e.summary)).toEqual(['A', 'B']);
    expect(first.data.nextPageToken).toBeTruthy();
    const second = await cal().events.list({ ...params, pageToken: first.data.nextPageToken ?? '' });
    expect(second.data.items?.map((e) => e.summary)).toEqual(['C']);
    expect(second.data.nextSyncToken).toBeTruthy();
  });

  it('rejects orderBy=startTime without singleEvents', async () => {
    await expect(cal().events.list({ calendarId: 'primary', orderBy: 'startTime' })).rejects.toMatchObject({ status: 400 });
  });

  it('inserts an event and returns the full resource', async () => {
    const res = await cal().events.insert({
      calendarId: 'primary',
      sendUpdates: 'all',
      requestBody: {
        summary: 'Lunch',
        start: { dateTime: '2030-02-01T12:00:00', timeZone: 'Europe/Lisbon' },
        end: { dateTime: '2030-02-01T13:00:00+00:00' },
        attendees: [{ email: 'x@example.com' }],
      },
    });
    expect(res.data).toMatchObject({ kind: 'calendar#event', status: 'confirmed', summary: 'Lunch', start: { dateTime: '2030-02-01T12:00:00+00:00' } });
    expect(res.data.id).toMatch(/^[a-v0-9]{5,}$/);
    expect(res.data.htmlLink).toContain('eid=');
    expect(g.calendarEvents('dora@example.com').at(-1)?.sendUpdates).toBe('all');
  });

  it('validates start/end like Calendar', async () => {
    const insert = (start: object, end: object) => cal().events.insert({ calendarId: 'primary', requestBody: { summary: 'x', start, end } });
    await expect(insert({ dateTime: '2030-01-01T10:00:00Z' }, { dateTime: '2030-01-01T09:00:00Z' })).rejects.toMatchObject(
      apiError(400, { reason: 'timeRangeEmpty' }),
    );
    await expect(insert({ dateTime: '2030-01-01T10:00:00' }, { dateTime: '2030-01-01T11:00:00Z' })).rejects.toMatchObject(
      apiError(400, { reason: 'required', message: 'Missing time zone definition for start time.' }),
    );
  });

  it('answers 401 in Google shape for an unknown token', async () => {
    const client = new OAuth2Client();
    client.setCredentials({ access_token: 'ya29.unknown' });
    const c = calendar({ version: 'v3', auth: client, rootUrl: g.rootUrl });
    await expect(c.events.list({ calendarId: 'primary' })).rejects.toMatchObject({
      response: { status: 401, data: { error: { code: 401, status: 'UNAUTHENTICATED', errors: [expect.objectContaining({ reason: 'authError' })] } } },
    });
  });

  it('answers 403 insufficientPermissions when the token lacks a write scope', async () => {
    g.addAccount({ email: 'reader@example.com' });
    const client = new OAuth2Client();
    client.setCredentials({ access_token: g.issueAccessToken('reader@example.com', { scopes: [SCOPES.calendarReadonly] }) });
    const c = calendar({ version: 'v3', auth: client, rootUrl: g.rootUrl });
    expect((await c.events.list({ calendarId: 'primary' })).status).toBe(200);
    const insert = c.events.insert({ calendarId: 'primary', requestBody: { start: { date: '2030-01-01' }, end: { date: '2030-01-02' } } });
    await expect(insert).rejects.toMatchObject(apiError(403, { reason: 'insufficientPermissions' }));
  });

  it('supports incremental sync with nextSyncToken', async () => {
    const full = await cal().events.list({ calendarId: 'primary' });
    const syncToken = full.data.nextSyncToken ?? '';
    g.seedEvents('dora@example.com', 'primary', [{ summary: 'New', start: '2030-03-01', end: '2030-03-02' }]);
    const delta = await cal().events.list({ calendarId: 'primary', syncToken });
    expect(delta.data.items?.map((e) => e.summary)).toEqual(['New']);
    await expect(cal().events.list({ calendarId: 'primary', syncToken: 'bogus' })).rejects.toMatchObject(apiError(410, { reason: 'fullSyncRequired' }));
  });

  it('injects 429 with Retry-After (POST is not retried) and network errors', async () => {
    g.inject(googleFaults.tooManyRequests({ method: 'POST', path: /\/events$/ }, 7));
    const insert = cal().events.insert({ calendarId: 'primary', requestBody: { start: { date: '2030-01-01' }, end: { date: '2030-01-02' } } });
    const err: unknown = await insert.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ response: { status: 429 } });
    expect((err as { response: { headers: Headers } }).response.headers.get('retry-after')).toBe('7');
    g.inject(googleFaults.networkError({ path: /\/events$/ }));
    await expect(cal().events.list({ calendarId: 'primary' }, { retry: false })).rejects.toThrow();
  });

  it('injects 403 rateLimitExceeded once, and GET retries ride out a 503', async () => {
    g.inject(googleFaults.rateLimitExceeded({ path: /\/calendar\/v3\/calendars\/[^/]+\/events$/ }));
    await expect(cal().events.list({ calendarId: 'primary' })).rejects.toMatchObject(apiError(403, { reason: 'rateLimitExceeded' }));
    g.inject(googleFaults.unavailable({ method: 'GET', path: /\/events$/ }));
    const before = g.requests.length;
    expect((await cal().events.list({ calendarId: 'primary' })).status).toBe(200);
    expect(g.requests.length - before).toBe(2);
  });
});

describe('Gmail v1', () => {
  const gm = () => gmail({ version: 'v1', auth: bearerClient('erin@example.com'), rootUrl: g.rootUrl });
  beforeAll(() => {
    g.addAccount({ email: 'erin@example.com' });
    g.seedMessages('erin@example.com', [
      { from: 'Ana <ana@example.com>', subject: 'Budget draft', body: "Here's the budget.", date: Date.now() - 1000 },
      { from: 'Bob <bob@example.com>', subject: 'Lunch?', body: 'Tacos at noon', unread: false, date: Date.now() - 2000 },
      { from: 'ana@example.com', subject: 'Old note', body: 'read already', unread: false, date: Date.now() - 3000 },
    ]);
  });

  it('lists with q (from:, is:unread, free text) and labelIds', async () => {
    const unreadFromAna = await gm().users.messages.list({ userId: 'me', q: 'from:ana is:unread' });
    expect(unreadFromAna.data.messages).toHaveLength(1);
    expect(unreadFromAna.data.resultSizeEstimate).toBe(1);
    expect((await gm().users.messages.list({ userId: 'me', q: 'tacos' })).data.messages).toHaveLength(1);
    expect((await gm().users.messages.list({ userId: 'me', labelIds: ['INBOX', 'UNREAD'] })).data.messages).toHaveLength(1);
    const none = await gm().users.messages.list({ userId: 'me', q: 'from:nobody' });
    expect(none.data).toEqual({ resultSizeEstimate: 0 });
  });

  it('gets metadata with selected headers', async () => {
    const list = await gm().users.messages.list({ userId: 'me', maxResults: 1 });
    const id = list.data.messages?.[0]?.id ?? '';
    expect(list.data.nextPageToken).toBeTruthy();
    const msg = await gm().users.messages.get({ userId: 'me', id, format: 'metadata', metadataHeaders: ['From', 'Subject'] });
    expect(msg.data.labelIds).toContain('UNREAD');
    expect(msg.data.snippet).toBe('Here&#39;s the budget.');
    expect(msg.data.internalDate).toMatch(/^\d+$/);
    expect(msg.data.payload?.headers?.map((h) => h.name)).toEqual(['From', 'Subject']);
    await expect(gm().users.messages.get({ userId: 'me', id: 'ffffffffffffffff' })).rejects.toMatchObject({ status: 404 });
  });

  it('sends a raw RFC 822 message and keeps it decoded', async () => {
    const raw = [
      'From: erin@example.com',
      'To: "Ana Souza" <ana@example.com>',
      `Subject: =?UTF-8?B?${Buffer.from('Olá, reunião').toString('base64')}?=`,
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('Até amanhã!').toString('base64'),
    ].join('\r\n');
    const res = await gm().users.messages.send({ userId: 'me', requestBody: { raw: Buffer.from(raw).toString('base64url') } });
    expect(res.data).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{16}$/), labelIds: ['SENT'] });
    const [sent] = g.sentMessages('erin@example.com');
    expect(sent).toMatchObject({ id: res.data.id, to: ['ana@example.com'], subject: 'Olá, reunião', text: 'Até amanhã!' });
  });

  it('rejects a message without recipients', async () => {
    const raw = Buffer.from('Subject: hi\r\n\r\nbody').toString('base64url');
    await expect(gm().users.messages.send({ userId: 'me', requestBody: { raw } })).rejects.toMatchObject({ status: 400 });
  });
});

describe('YouTube v3', () => {
  const search = (params: Record<string, unknown>) =>
    youtube({ version: 'v3', rootUrl: g.rootUrl }).search.list({ part: ['snippet'], type: ['video'], key: g.apiKey, ...params });

  it('searches the catalog with an API key', async () => {
    const res = await search({ q: 'pasta recipe', maxResults: 2 });
    expect(res.data.kind).toBe('youtube#searchListResponse');
    const first = res.data.items?.[0];
    expect(first).toMatchObject({ kind: 'youtube#searchResult', id: { kind: 'youtube#video' } });
    expect(first?.snippet?.title).toBe('Easy Weeknight Pasta in 15 Minutes');
    expect(first?.snippet?.thumbnails?.default?.url).toContain(first?.id?.videoId ?? '-');
  });

  it('honours order, publishedAfter and maxResults', async () => {
    const since = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const res = await search({ order: 'date', publishedAfter: since, maxResults: 50 });
    const dates = res.data.items?.map((i) => i.snippet?.publishedAt ?? '') ?? [];
    expect(dates.length).toBeGreaterThan(2);
    expect(dates.every((d) => d >= since)).toBe(true);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('answers 400 keyInvalid for a wrong key', async () => {
    await expect(search({ q: 'x', key: 'nope' })).rejects.toMatchObject(apiError(400, { reason: 'keyInvalid' }));
  });
});

describe('seedGoogleSandbox', () => {
  it('creates upcoming events and an inbox', async () => {
    const seeded = seedGoogleSandbox(g, 'sandbox@example.com');
    expect(seeded.events.length).toBeGreaterThanOrEqual(3);
    const cal = calendar({ version: 'v3', auth: bearerClient('sandbox@example.com'), rootUrl: g.rootUrl });
    const upcoming = await cal.events.list({ calendarId: 'primary', timeMin: new Date().toISOString(), singleEvents: true, orderBy: 'startTime' });
    // Every one-off event is upcoming (recurring ones are listed as their instances).
    const oneOff = seeded.events.filter((e) => !e.recurrence).map((e) => e.summary);
    expect(upcoming.data.items?.map((e) => e.summary)).toEqual(expect.arrayContaining(oneOff));
    expect(upcoming.data.timeZone).toBe('America/Sao_Paulo');
    const unread = await gmail({ version: 'v1', auth: bearerClient('sandbox@example.com'), rootUrl: g.rootUrl }).users.messages.list({
      userId: 'me',
      q: 'is:unread',
    });
    expect(unread.data.messages?.length).toBeGreaterThan(0);
  });
});
