process.env.METADATA_SERVER_DETECTION = 'none';

import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiResponseError, TwitterApi } from 'twitter-api-v2';
import { baseUrlPlugin } from '../../shared/providers/x/base-url-plugin';
import { seedXSandbox, startXFake, type XFake } from '../../sandbox/x';

const CLIENT = { clientId: 'test-client', clientSecret: 'test-secret' };

let fake: XFake;
// The library calls https.request; an http.Agent is what lets it speak plain http to loopback.
const httpAgent = new http.Agent();

const settings = () => ({ plugins: [baseUrlPlugin(fake.url)], httpAgent });
const userClient = (accessToken: string) => new TwitterApi(accessToken, settings());
const appClient = () => new TwitterApi(CLIENT, settings());

beforeAll(async () => {
  fake = await startXFake(CLIENT);
  fake.addUser({ id: '101', username: 'alice', name: 'Alice' });
  fake.addUser({ id: '102', username: 'bob', name: 'Bob' });
});

afterEach(() => fake.clearFaults());

afterAll(async () => {
  await fake.close();
  httpAgent.destroy();
});

async function apiError(p: Promise<unknown>): Promise<ApiResponseError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiResponseError);
  return err as ApiResponseError;
}

describe('X fake with the real twitter-api-v2', () => {
  it('posts, replies and reads the user, with rate-limit headers', async () => {
    const { accessToken } = fake.issueTokens('101');
    const client = userClient(accessToken);

    const first = await client.v2.tweet('hello from the fake');
    expect(first.data.id).toMatch(/^[0-9]{19}$/);
    expect(first.data.text).toBe('hello from the fake');

    const reply = await client.v2.reply('a reply', first.data.id);
    expect(BigInt(reply.data.id)).toBeGreaterThan(BigInt(first.data.id));

    const me = await client.v2.me();
    expect(me.data).toEqual({ id: '101', name: 'Alice', username: 'alice' });

    const posted = fake.tweets().filter((t) => t.authorId === '101');
    expect(posted.map((t) => [t.text, t.inReplyToTweetId])).toEqual([
      ['hello from the fake', undefined],
      ['a reply', first.data.id],
    ]);
    const rec = fake.requests.find((r) => r.method === 'POST' && r.path === '/2/tweets');
    expect(rec?.json).toEqual({ text: 'hello from the fake' });
    expect(rec?.headers.authorization).toBe(`Bearer ${accessToken}`);

    // Successful answers carry x-rate-limit-* too; me() above used 1 of 75.
    const full = await client.v2.get('users/me', undefined, { fullResponse: true });
    expect(full.rateLimit).toMatchObject({ limit: 75, remaining: 73 });
    expect(full.rateLimit?.reset).toBeGreaterThan(Date.now() / 1000);
  });

  it('refuses duplicates, unknown reply targets and bad tokens in X shapes', async () => {
    const { accessToken } = fake.issueTokens('102');
    const client = userClient(accessToken);
    await client.v2.tweet('same words');

    const dup = await apiError(client.v2.tweet('same words'));
    expect(dup.code).toBe(403);
    expect(dup.data).toMatchObject({ detail: 'You are not allowed to create a Tweet with duplicate content.', status: 403 });

    const orphan = await apiError(client.v2.reply('to nowhere', '1234567890'));
    expect(orphan.code).toBe(403);

    const bad = await apiError(userClient('not-a-token').v2.me());
    expect(bad.code).toBe(401);
    expect(bad.isAuthError).toBe(true);
    expect(bad.data).toEqual({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });

    fake.expireAccessToken(accessToken);
    expect((await apiError(client.v2.tweet('after expiry'))).code).toBe(401);
  });

  it('turns an injected 429 into a rate-limit error with the reset epoch', async () => {
    const { accessToken } = fake.issueTokens('101');
    const resetAt = Math.floor(Date.now() / 1000) + 600;
    fake.injectRateLimit({ match: { method: 'POST', path: '/2/tweets' }, resetAt, daily: true, times: 1 });

    const err = await apiError(userClient(accessToken).v2.tweet('rate limited'));
    expect(err.code).toBe(429);
    expect(err.rateLimitError).toBe(true);
    expect(err.rateLimit?.reset).toBe(resetAt);
    expect(err.rateLimit?.remaining).toBe(0);
    expect(err.rateLimit?.userDay?.reset).toBe(resetAt);

    // times: 1 → the next call goes through.
    await expect(userClient(accessToken).v2.tweet('rate limited')).resolves.toBeTruthy();
  });

  it('answers 503 and delays when told to', async () => {
    const { accessToken } = fake.issueTokens('101');
    fake.injectUnavailable({ match: { path: '/2/users/me' }, times: 1 });
    expect((await apiError(userClient(accessToken).v2.me())).code).toBe(503);

    fake.injectDelay(150, { match: { path: '/2/users/me' }, times: 1 });
    const started = Date.now();
    await userClient(accessToken).v2.me();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('rotates refresh tokens: the old one fails after a refresh', async () => {
    const { accessToken, refreshToken } = fake.issueTokens('101');
    const refreshed = await appClient().refreshOAuth2Token(refreshToken);
    expect(refreshed.accessToken).not.toBe(accessToken);
    expect(refreshed.refreshToken).toBeTruthy();
    expect(refreshed.refreshToken).not.toBe(refreshToken);
    expect((await refreshed.client.v2.me()).data.username).toBe('alice');

    const reused = await apiError(appClient().refreshOAuth2Token(refreshToken));
    expect(reused.code).toBe(400);
    expect(reused.data).toMatchObject({ error: 'invalid_request', error_description: 'Value passed for the token was invalid.' });

    const calls = fake.tokenCalls().filter((c) => c.grantType === 'refresh_token');
    expect(calls.slice(-2).map((c) => c.status)).toEqual([200, 400]);
    // Confidential client → HTTP Basic.
    const tokenReq = fake.requests.find((r) => r.path === '/2/oauth2/token');
    expect(tokenReq?.headers.authorization).toMatch(/^Basic /);
  });

  it('accepts the documented form encoding and requires Basic for a confidential client', async () => {
    // twitter-api-v2 posts these bodies as JSON; X documents (and other callers send) forms.
    const { refreshToken } = fake.issueTokens('102');
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT.clientId });
    const noBasic = await fetch(`${fake.url}/2/oauth2/token`, { method: 'POST', body });
    expect(noBasic.status).toBe(401);
    const basic = `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`;
    const ok = await fetch(`${fake.url}/2/oauth2/token`, { method: 'POST', body, headers: { authorization: basic } });
    expect(ok.status).toBe(200);
    const json = (await ok.json()) as Record<string, unknown>;
    expect(json).toMatchObject({ token_type: 'bearer', expires_in: 7200, scope: 'tweet.read tweet.write users.read offline.access' });
    expect(json.refresh_token).not.toBe(refreshToken);
  });

  it('runs the authorization-code + PKCE flow through the consent page', async () => {
    const redirectUri = 'http://127.0.0.1:9/callback';
    const link = appClient().generateOAuth2AuthLink(redirectUri, { scope: ['tweet.read', 'tweet.write', 'users.read', 'offline.access'] });
    // The plugin re-targets the consent link too.
    expect(link.url.startsWith(`${fake.url}/i/oauth2/authorize?`)).toBe(true);

    const consent = await fetch(link.url, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location') ?? '');
    expect(back.origin + back.pathname).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe(link.state);
    const code = back.searchParams.get('code') ?? '';

    const wrong = await apiError(appClient().loginWithOAuth2({ code, codeVerifier: 'x'.repeat(64), redirectUri }));
    expect(wrong.code).toBe(400);

    const login = await appClient().loginWithOAuth2({ code, codeVerifier: link.codeVerifier, redirectUri });
    expect(login.refreshToken).toBeTruthy();
    expect(login.scope).toContain('offline.access');
    expect((await login.client.v2.me()).data.id).toBe('101'); // first user added

    // Codes are single use.
    expect((await apiError(appClient().loginWithOAuth2({ code, codeVerifier: link.codeVerifier, redirectUri }))).code).toBe(400);

    await appClient().revokeOAuth2Token(login.refreshToken ?? '', 'refresh_token');
    expect((await apiError(login.client.v2.me())).code).toBe(401);
  });

  it('seeds the sandbox deterministically', async () => {
    const a = await startXFake(CLIENT);
    const b = await startXFake(CLIENT);
    try {
      const sa = seedXSandbox(a);
      const sb = seedXSandbox(b);
      expect(sa).toEqual(sb);
      expect(sa.user.username).toBe('sandbox_user');
      const me = await new TwitterApi(sa.accessToken, { plugins: [baseUrlPlugin(a.url)], httpAgent }).v2.me();
      expect(me.data.username).toBe('sandbox_user');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('baseUrlPlugin URL rewrite', () => {
  it('moves X hosts under the base URL and leaves other hosts alone', async () => {
    const { rewriteXUrl } = await import('../../shared/providers/x/base-url-plugin');
    expect(rewriteXUrl('https://api.x.com/2/tweets?a=1', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/2/tweets?a=1');
    expect(rewriteXUrl('https://upload.twitter.com:443/1.1/media/upload.json', 'https://proxy.example/x/')).toBe(
      'https://proxy.example/x/1.1/media/upload.json',
    );
    expect(rewriteXUrl('https://example.com/2/tweets', 'http://127.0.0.1:8080')).toBe('https://example.com/2/tweets');
    expect(() => baseUrlPlugin('ftp://nope')).toThrow();
  });
});
