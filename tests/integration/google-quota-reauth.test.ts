import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, lastFunctionResponses, say, type GeminiCall } from '../../sandbox/gemini';
import { googleFaults } from '../../sandbox/google';
import { nextPacificMidnight } from '../../shared/providers/google/quota-reset';
import { startHarness, type Harness } from '../support/harness';

// What the fakes used to hide, through the app end to end: daily quotas (not retried, the caller
// and the model told when the quota returns) told apart from per-minute limits, and a 401 on an
// access token the app still believed fresh (one refresh through the single-flight, then the call).

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(() => h.reset());

const ANA = 'ana@example.com';
const upstream = (part: string) => h.google.requests.filter((r) => r.path.includes(part));

describe('daily quotas', () => {
  it('YouTube quotaExceeded: one call, no retry, 429 with Retry-After until midnight Pacific', async () => {
    h.google.youtubeQuota.exhaust();
    try {
      const before = Date.now();
      const res = await h.call('search-youtube', { query: 'quota day', max_results: 2 });
      expect(res.status).toBe(429);
      expect(upstream('/youtube/v3/search')).toHaveLength(1);
      const reset = nextPacificMidnight(before);
      expect(res.json.error).toMatchObject({
        code: 'rate_limited',
        details: { reason: 'quotaExceeded', domain: 'youtube.quota', quota: 'daily', retryAt: new Date(reset).toISOString() },
      });
      expect(res.json.error.message).toMatch(/midnight Pacific Time/);
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(Math.abs(retryAfter - (reset - before) / 1000)).toBeLessThan(30);
      expect(retryAfter).toBeGreaterThan(60);
    } finally {
      h.google.youtubeQuota.limit = Number.MAX_SAFE_INTEGER;
    }
  });

  it('the model is told when the YouTube quota comes back', async () => {
    h.google.youtubeQuota.exhaust();
    try {
      let seen: Record<string, unknown> | undefined;
      h.gemini.script(call('search_youtube', { query: 'bread' }), (c: GeminiCall) => {
        seen = lastFunctionResponses(c)[0]?.response;
        return say('The YouTube quota is used up for today.');
      });
      const res = await h.call('chat', { message: 'find bread videos' });
      expect(res.status).toBe(200);
      const error = (seen as { error?: { code: string; message: string; details: { retryAt: string } } } | undefined)?.error;
      expect(error?.code).toBe('rate_limited');
      expect(error?.message).toContain(error?.details.retryAt);
      expect(error?.details.retryAt).toBe(new Date(nextPacificMidnight(Date.now())).toISOString());
      expect(upstream('/youtube/v3/search')).toHaveLength(1);
    } finally {
      h.google.youtubeQuota.limit = Number.MAX_SAFE_INTEGER;
    }
  });

  it('Calendar dailyLimitExceeded is not retried; rateLimitExceeded is, and succeeds', async () => {
    await h.connectGoogle('dev-user', ANA);
    h.google.inject(googleFaults.dailyLimitExceeded({ path: /calendar\/v3/ }, { times: 5 }));
    const daily = await h.call('list-calendar-events', {});
    expect(daily.status).toBe(429);
    expect(daily.json.error.details).toMatchObject({ reason: 'dailyLimitExceeded', quota: 'daily' });
    expect(upstream('/calendar/v3/')).toHaveLength(1);
    h.google.clearFaults();
    h.google.inject(googleFaults.rateLimitExceeded({ path: /calendar\/v3/ }, { times: 1 }));
    const perMinute = await h.call('list-calendar-events', {});
    expect(perMinute.status).toBe(200);
    expect(upstream('/calendar/v3/')).toHaveLength(3);
  });

  it('Gmail dailyLimitExceeded is not retried either', async () => {
    await h.connectGoogle('dev-user', ANA);
    h.google.inject(googleFaults.dailyLimitExceeded({ path: /gmail\/v1/ }, { times: 5 }));
    const res = await h.call('list-recent-emails', {});
    expect(res.status).toBe(429);
    expect(res.json.error.details).toMatchObject({ reason: 'dailyLimitExceeded', quota: 'daily' });
    expect(upstream('/gmail/v1/')).toHaveLength(1);
  });
});

describe('a 401 on an access token the app believed fresh', () => {
  it('refreshes once through the single-flight, repeats the read and keeps the new token', async () => {
    const { accessToken } = await h.connectGoogle('dev-user', ANA);
    h.google.expireAccessToken(accessToken);
    const res = await h.call('list-calendar-events', {});
    expect(res.status).toBe(200);
    expect(h.google.tokenCalls('refresh_token')).toBe(1);
    expect(upstream('/calendar/v3/')).toHaveLength(2);
    const conn = await h.runtime.stores.connections.get('dev-user', 'google', ANA);
    expect(conn?.accessToken).not.toBe(accessToken);
    expect(conn?.status).toBe('active');
  });

  it('concurrent requests refused with the same token cause one token call', async () => {
    const { accessToken } = await h.connectGoogle('dev-user', ANA);
    h.google.expireAccessToken(accessToken);
    const results = await Promise.all([
      h.call('list-calendar-events', {}),
      h.call('list-recent-emails', {}),
      h.call('list-calendar-events', { days_ahead: 2 }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(h.google.tokenCalls('refresh_token')).toBe(1);
  });

  it('a write refused with 401 is sent exactly once after the refresh', async () => {
    const { accessToken } = await h.connectGoogle('dev-user', ANA);
    h.google.expireAccessToken(accessToken);
    const res = await h.call('send-email', { to: ['bo@example.com'], subject: 'After 401', text: 'hi' }, { headers: { 'idempotency-key': 'k-401' } });
    expect(res.status).toBe(201);
    expect(h.google.sentMessages(ANA).filter((m) => m.subject === 'After 401')).toHaveLength(1);
    expect(h.google.tokenCalls('refresh_token')).toBe(1);
  });

  it('when the refresh is refused too, asks to reconnect after exactly one token call', async () => {
    const { accessToken, refreshToken } = await h.connectGoogle('dev-user', ANA);
    h.google.expireAccessToken(accessToken);
    h.google.revokeRefreshToken(refreshToken);
    const res = await h.call('list-calendar-events', {});
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'reauth_required', details: { provider: 'google', reason: 'invalid_grant' } });
    expect(h.google.tokenCalls('refresh_token')).toBe(1);
    expect(upstream('/calendar/v3/')).toHaveLength(1);
  });

  it('X: a post refused with 401 is posted once after one refresh', async () => {
    const { accessToken, refreshToken } = await h.connectX('dev-user');
    h.x.expireAccessToken(accessToken);
    const res = await h.call('post-tweet', { text: 'posted after a 401' }, { headers: { 'idempotency-key': 'x-401' } });
    expect(res.status).toBe(201);
    expect(h.x.tweets().filter((t) => t.text === 'posted after a 401')).toHaveLength(1);
    expect(h.x.tokenCalls().filter((c) => c.grantType === 'refresh_token')).toHaveLength(1);
    const conn = await h.runtime.stores.connections.get('dev-user', 'x', '1700000000000000042');
    expect(conn?.refreshToken).not.toBe(refreshToken);
  });
});
