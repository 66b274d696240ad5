import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { startOidcMint, type OidcMint } from '../support/google-oidc';
import { startCalendarWatch } from '../../shared/triggers/calendar-watch';
import type { CalendarChannelRecord } from '../../sandbox/google/push-state';

// The 5-minute calendar read cache: hits and their age, the caller's max age, and invalidation by
// our own write and — end to end — by the Calendar push notification Google delivers.

// The fake keeps calendars across tests: each test has its own account.
let ANA = '';
let n = 0;
const AS_ANA = { headers: { authorization: 'Bearer dev:ana' } };
const WINDOW = { time_min: '2030-05-01T00:00:00Z', time_max: '2030-05-08T00:00:00Z' };

let h: Harness;
let oidc: OidcMint;
const clock = { at: Date.now(), now: () => new Date(clock.at) };

beforeAll(async () => {
  oidc = await startOidcMint();
  h = await startHarness({ clock, extraEnv: oidc.env });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await oidc?.close();
});
beforeEach(async () => {
  await h.reset();
  ANA = `ana${++n}-${Date.now()}@example.com`;
  await h.connectGoogle('ana', ANA);
});

const list = async (extra: Record<string, unknown> = {}) => {
  const res = await h.call('list-calendar-events', { ...WINDOW, ...extra }, AS_ANA);
  expect(res.status).toBe(200);
  return res.json.data as { events: Array<{ summary: string }>; cache: { hit: boolean; age_seconds: number; cached_at: string } };
};
const googleLists = () => h.google.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/events')).length;
const summaries = (d: { events: Array<{ summary: string }> }) => d.events.map((e) => e.summary);

describe('calendar read cache', () => {
  it('answers a repeated read from the cache with its age, up to 5 minutes or the max age asked', async () => {
    h.google.seedEvents(ANA, 'primary', [{ summary: 'Dentist', start: '2030-05-01T09:00:00Z', end: '2030-05-01T10:00:00Z' }]);
    const first = await list();
    expect(first.cache).toEqual({ hit: false, age_seconds: 0, cached_at: clock.now().toISOString() });
    clock.at += 90_000;
    const second = await list();
    expect(second.cache).toEqual({ hit: true, age_seconds: 90, cached_at: first.cache.cached_at });
    expect(summaries(second)).toEqual(['Dentist']);
    expect(googleLists()).toBe(1);
    expect((await list({ max_age_seconds: 60 })).cache.hit).toBe(false);
    expect(googleLists()).toBe(2);
    expect((await list({ max_age_seconds: 0 })).cache).toMatchObject({ hit: false, age_seconds: 0 });
    expect(googleLists()).toBe(3);
    clock.at += 5 * 60_000 + 1_000;
    expect((await list()).cache.hit).toBe(false);
    expect((await list({ max_results: 3 })).cache.hit).toBe(false); // another query, another entry
    expect(googleLists()).toBe(5);
  });

  it('our own write drops the cached reads of that calendar', async () => {
    await list();
    expect((await list()).cache.hit).toBe(true);
    const created = await h.call('create-calendar-event', { summary: 'Planning', start: '2030-05-02T09:00:00Z', end: '2030-05-02T10:00:00Z' }, AS_ANA);
    expect(created.status).toBe(201);
    const after = await list();
    expect(after.cache.hit).toBe(false);
    expect(summaries(after)).toEqual(['Planning']);
  });

  it("the push notification for that calendar drops them at once (a change made elsewhere, delivered by Google's channel)", async () => {
    const opened = await startCalendarWatch(h.runtime.contextFor({ uid: 'ana', via: 'dev' }, 'test', new AbortController().signal));
    const fakeChannel = h.google.push.calendarChannels.get(opened?.id ?? '') as CalendarChannelRecord;
    fakeChannel.address = `${h.url}/calendar-notify`;
    await list();
    // Changed in Google Calendar itself: the cache cannot know yet, and says its answer is cached.
    h.google.seedEvents(ANA, 'primary', [{ summary: 'Added on the phone', start: '2030-05-03T09:00:00Z', end: '2030-05-03T10:00:00Z' }]);
    const stale = await list();
    expect(stale.cache.hit).toBe(true);
    expect(summaries(stale)).toEqual([]);
    const [delivered] = await h.google.push.notifyCalendar(ANA, 'primary');
    expect(JSON.parse(delivered?.body ?? '{}').data.outcome).toBe('synced');
    const fresh = await list();
    expect(fresh.cache.hit).toBe(false);
    expect(summaries(fresh)).toEqual(['Added on the phone']);
  });

  it('keeps each person their own cache', async () => {
    await list();
    await h.connectGoogle('bo', ANA);
    const other = await h.call('list-calendar-events', WINDOW, { headers: { authorization: 'Bearer dev:bo' } });
    expect(other.json.data.cache.hit).toBe(false);
  });
});
