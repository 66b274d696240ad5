import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, say } from '../../sandbox/gemini';
import { loadConfig } from '../../shared/config';
import { Throttle } from '../../shared/store/throttle';
import { startHarness, type Harness } from '../support/harness';

// Per-user limits per function class, counted per minute in Firestore across instances:
// 429 rate_limited with Retry-After once a class is used up, no upstream call for the refused
// request, other users and other classes unaffected, and a new minute starts afresh.

const clock = { at: Date.parse('2026-07-01T12:00:10Z'), now: () => new Date(clock.at) };
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    clock,
    extraEnv: { RATE_LIMIT_SEARCH_PER_MIN: '3', RATE_LIMIT_READS_PER_MIN: '20', RATE_LIMIT_CHAT_PER_MIN: '2', RATE_LIMIT_WRITES_PER_MIN: '0' },
  });
}, 60_000);
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  clock.at += 60_000; // every test in a minute of its own
});

const as = (uid: string) => ({ authorization: `Bearer dev:${uid}` });
const searches = () => h.google.requests.filter((r) => r.path.includes('/youtube/v3/search')).length;
const search = (uid: string, q: string) => h.call('search-youtube', { query: q }, { headers: as(uid) });

describe('per-user throttling', () => {
  it('the production defaults: reads 120, writes 30, chat 20, search 10 a minute; anonymous users refused', () => {
    const config = loadConfig({ GOOGLE_CLOUD_PROJECT: 'p' });
    expect(config.rateLimits).toEqual({ reads: 120, writes: 30, chat: 20, search: 10 });
    expect(config.allowAnonymousUsers).toBe(false);
  });

  it('search: the 4th search in a minute is 429 rate_limited with Retry-After, and never reaches YouTube', async () => {
    for (const q of ['a', 'b', 'c']) expect((await search('ana', q)).status).toBe(200);
    const before = searches();
    const res = await search('ana', 'd');
    expect(res.status, res.text).toBe(429);
    expect(res.json.error).toMatchObject({ code: 'rate_limited', details: { class: 'search', limit_per_minute: 3 } });
    expect(Number(res.headers.get('retry-after'))).toBe(50);
    expect(searches()).toBe(before);
    // Another user has a budget of their own; the same user's reads are another class.
    expect((await search('bo', 'a')).status).toBe(200);
    expect((await h.call('integrations-status', undefined, { method: 'GET', headers: as('ana') })).status).toBe(200);
    // A new minute: allowed again.
    clock.at += 50_000;
    expect((await search('ana', 'e')).status).toBe(200);
  });

  it('chat: a hand-made function is counted when it identifies its caller, before the model is asked', async () => {
    h.gemini.script(say('one'), say('two'));
    expect((await h.call('chat', { message: 'hi' }, { headers: as('cy') })).status).toBe(200);
    expect((await h.call('chat', { message: 'hi' }, { headers: as('cy') })).status).toBe(200);
    const calls = h.gemini.calls.length;
    const third = await h.call('chat', { message: 'hi' }, { headers: as('cy') });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(h.gemini.calls.length).toBe(calls);
  });

  it('tools the model calls in a chat count in their own class', async () => {
    h.gemini.script(
      call('search_youtube', { query: 'one' }),
      call('search_youtube', { query: 'two' }),
      call('search_youtube', { query: 'three' }),
      call('search_youtube', { query: 'four' }),
      say('done'),
    );
    const before = searches();
    const res = await h.call('chat', { message: 'search four times' }, { headers: as('dee') });
    expect(res.status, res.text).toBe(200);
    expect(searches() - before).toBe(3);
    expect(JSON.stringify(res.json.data.tool_calls)).toContain('rate_limited');
  });

  it('0 means unlimited (writes here)', async () => {
    const t = new Throttle(h.runtime.stores.db, { reads: 0, writes: 0, chat: 0, search: 0 }, () => clock.at);
    for (let i = 0; i < 50; i++) await t.take('ed', 'writes');
  });

  it('the count is shared by instances: two instances together never exceed the limit', async () => {
    const limits = { reads: 20, writes: 0, chat: 0, search: 0 };
    const a = new Throttle(h.runtime.stores.db, limits, () => clock.at);
    const b = new Throttle(h.runtime.stores.db, limits, () => clock.at);
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? a : b).take('fay', 'reads').then(
          () => 'ok',
          (e: { code?: string }) => e.code,
        ),
      ),
    );
    const ok = outcomes.filter((o) => o === 'ok').length;
    expect(outcomes.filter((o) => o !== 'ok').every((o) => o === 'rate_limited')).toBe(true);
    expect(ok).toBeLessThanOrEqual(20);
    // Slices (2 here) an instance claimed but did not spend are the only loss.
    expect(ok).toBeGreaterThanOrEqual(20 - 2);
  });

  it('many cold instances of one person each serve a request: slices shrink with what is left of the minute', async () => {
    // A console opening a dozen read functions at once reaches a dozen new instances.
    const limits = { reads: 20, writes: 0, chat: 0, search: 0 };
    const instances = Array.from({ length: 15 }, () => new Throttle(h.runtime.stores.db, limits, () => clock.at));
    for (const [i, t] of instances.entries()) await expect(t.take('gus', 'reads'), `instance ${i + 1}`).resolves.toBeUndefined();
    // What was claimed never exceeds the limit, and once the requests spend it, it is refused.
    const stored = (await (await h.runtime.stores.db()).collection('users').doc('gus').collection('throttle').doc('reads').get()).data();
    expect(stored?.used).toBeLessThanOrEqual(20);
    // The counter expires (TTL policy on throttle.expireAt) a minute after its window ends.
    const windowEnd = (Math.floor(clock.at / 60_000) + 1) * 60_000;
    expect(stored?.expireAt.toMillis()).toBe(windowEnd + 60_000);
    const more = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (instances[i % instances.length] as Throttle).take('gus', 'reads').then(
          () => 'ok',
          (e: { code?: string }) => e.code,
        ),
      ),
    );
    expect(more.filter((o) => o === 'ok').length).toBeLessThanOrEqual(20 - 15);
    expect(more).toContain('rate_limited');
  });
});
