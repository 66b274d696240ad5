import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CacheStore } from '../../shared/store/cache';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(() => h.reset());

const searchCalls = () => h.google.requests.filter((r) => r.path.includes('/youtube/v3/search'));

describe('search_youtube', () => {
  it('searches with the API key from Secret Manager and caches per normalised query for an hour', async () => {
    const first = await h.call('search-youtube', { query: 'Serverless  Cold Starts', max_results: 3 });
    expect(first.status).toBe(200);
    expect(first.json.data.from_cache).toBe(false);
    expect(first.json.data.videos.length).toBeGreaterThan(0);
    expect(first.json.data.videos.length).toBeLessThanOrEqual(3);
    expect(first.json.data.videos[0]).toMatchObject({
      video_id: expect.any(String),
      url: expect.stringContaining('https://www.youtube.com/watch?v='),
      title: expect.any(String),
    });
    expect(searchCalls()[0]?.query.key).toBe(h.google.apiKey);
    const second = await h.call('search-youtube', { query: 'serverless cold starts', max_results: 3 });
    expect(second.json.data.from_cache).toBe(true);
    expect(second.json.data.videos).toEqual(first.json.data.videos);
    expect(searchCalls()).toHaveLength(1);
    const [cacheDoc] = (await h.allDocuments()).filter((d) => d.path.startsWith('cache/'));
    const ttl = (cacheDoc?.data as { expireAt: { toMillis(): number } }).expireAt.toMillis() - Date.now();
    expect(ttl).toBeGreaterThan(59 * 60_000);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000);
  });

  it('does not serve an expired cache entry', async () => {
    await h.call('search-youtube', { query: 'kubernetes', max_results: 2 });
    const db = await h.runtime.stores.db();
    const docs = await db.collection('cache').get();
    await Promise.all(docs.docs.map((d) => d.ref.update({ expireAt: new Date(Date.now() - 1) })));
    h.runtime.forgetRemembered(); // as an instance that did not fill the entry itself sees it
    const again = await h.call('search-youtube', { query: 'kubernetes', max_results: 2 });
    expect(again.json.data.from_cache).toBe(false);
    expect(searchCalls()).toHaveLength(2);
  });

  it('answers a repeated query from instance memory, and another instance from Firestore', async () => {
    await h.call('search-youtube', { query: 'edge functions', max_results: 2 });
    const db = await h.runtime.stores.db();
    const [entry] = (await db.collection('cache').get()).docs;
    const stored = entry?.data();
    await entry?.ref.delete();
    const fromMemory = await h.call('search-youtube', { query: 'Edge  Functions', max_results: 2 });
    expect(fromMemory.json.data.from_cache).toBe(true);
    await entry?.ref.set(stored ?? {});
    h.runtime.forgetRemembered();
    const fromFirestore = await h.call('search-youtube', { query: 'edge functions', max_results: 2 });
    expect(fromFirestore.json.data).toEqual({ ...fromMemory.json.data, query: 'edge functions' });
    expect(searchCalls()).toHaveLength(1);
  });

  it('drops a remembered entry when it expires and hands out copies', async () => {
    let t = Date.now();
    const store = new CacheStore(h.runtime.stores.db, () => new Date(t));
    await store.set('test', 'k', { videos: ['a'] }, 1_000);
    const first = await store.get<{ videos: string[] }>('test', 'k');
    first?.videos.push('mutated by a caller');
    expect(await store.get('test', 'k')).toEqual({ videos: ['a'] });
    t += 1_001;
    expect(await store.get('test', 'k')).toBeUndefined();
  });

  it('maps 403 quota errors to 429 rate_limited after bounded retries', async () => {
    h.google.inject({
      match: { path: /youtube\/v3\/search/ },
      status: 403,
      times: 10,
      body: { error: { code: 403, message: 'quota', errors: [{ reason: 'rateLimitExceeded' }] } },
    });
    const res = await h.call('search-youtube', { query: 'quota test', max_results: 1 });
    expect(res.status).toBe(429);
    expect(res.json.error).toMatchObject({ code: 'rate_limited', details: { reason: 'rateLimitExceeded' } });
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(searchCalls().length).toBeGreaterThanOrEqual(2);
    expect(searchCalls().length).toBeLessThanOrEqual(4);
  });
});

describe('post_tweet', () => {
  it('posts as the connected user and answers 201', async () => {
    await h.connectX('dev-user');
    const res = await h.call('post-tweet', { text: 'Hello from seven-functions ☕' });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      data: {
        id: expect.stringMatching(/^\d+$/),
        text: 'Hello from seven-functions ☕',
        url: expect.stringContaining('https://x.com/ana_x/status/'),
        account: 'ana_x',
      },
    });
    expect(h.x.tweets().filter((t) => t.text === 'Hello from seven-functions ☕')).toHaveLength(1);
  });

  it('validates weighted length: 140 CJK characters = 280 is fine, 141 is not', async () => {
    await h.connectX('dev-user');
    const ok = await h.call('post-tweet', { text: '漢'.repeat(140) });
    expect(ok.status).toBe(201);
    const tooLong = await h.call('post-tweet', { text: '漢'.repeat(141) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.code).toBe('invalid_input');
    const urlHeavy = await h.call('post-tweet', { text: `${'a'.repeat(256)} https://example.com/${'p'.repeat(200)}` });
    expect(urlHeavy.status).toBe(201);
  });

  it('refreshes an expired X token (rotation persisted) and posts', async () => {
    const { refreshToken } = await h.connectX('dev-user', { expired: true });
    const res = await h.call('post-tweet', { text: 'after refresh' });
    expect(res.status).toBe(201);
    const conn = await h.runtime.stores.connections.get('dev-user', 'x', '1700000000000000042');
    expect(conn?.refreshToken).toBeDefined();
    expect(conn?.refreshToken).not.toBe(refreshToken);
  });

  it('a 429 from X becomes rate_limited with Retry-After from x-rate-limit-reset, not retried', async () => {
    await h.connectX('dev-user');
    h.x.injectRateLimit({ match: { method: 'POST', path: '/2/tweets' }, times: 1, resetAt: Math.floor(Date.now() / 1000) + 120 });
    const res = await h.call('post-tweet', { text: 'rate limited' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(100);
    expect(h.x.requests.filter((r) => r.path === '/2/tweets')).toHaveLength(1);
  });

  it('a rejected X refresh marks the connection reauth_required (one token call) and answers 409', async () => {
    await h.connectX('dev-user', { expired: true });
    await h.runtime.stores.connections.updateTokens('dev-user', 'x', '1700000000000000042', { refreshToken: 'revoked-refresh-token' });
    await h.runtime.stores.connections.updateTokens('dev-user', 'x', '1700000000000000042', { expiryDate: Date.now() - 1000 });
    const res = await h.call('post-tweet', { text: 'should not post' });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'reauth_required', details: { provider: 'x' } });
    expect(h.x.requests.filter((r) => r.path === '/2/oauth2/token')).toHaveLength(1);
    expect(h.x.requests.filter((r) => r.path === '/2/tweets')).toHaveLength(0);
    const [info] = await h.runtime.stores.connections.list('dev-user', 'x');
    expect(info?.status).toBe('reauth_required');
  });

  it('a reply carries in_reply_to_tweet_id', async () => {
    await h.connectX('dev-user');
    const parent = h.x.addTweet('1700000000000000042', 'parent post');
    const res = await h.call('post-tweet', { text: 'a reply', reply_to: parent });
    expect(res.status).toBe(201);
    expect(h.x.tweets().find((t) => t.text === 'a reply')?.inReplyToTweetId).toBe(parent);
  });
});
