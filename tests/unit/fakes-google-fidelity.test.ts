// The Google fake behaves as Google documents in the places it used to be kinder, proved through
// the real SDKs: recurring events expanded for singleEvents, answers in the requested time zone,
// the stale sync token's 410, repeated part/type on search.list, the YouTube daily quota, and
// Gmail's OR / {…} / ( … ) search syntax.
process.env.METADATA_SERVER_DETECTION = 'none';

import { calendar } from '@googleapis/calendar';
import { gmail } from '@googleapis/gmail';
import { youtube } from '@googleapis/youtube';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleFake, type GoogleFake } from '../../sandbox/google';

let g: GoogleFake;
const BERLIN = 'ana@example.com';

beforeAll(async () => {
  g = await startGoogleFake({ apiKey: 'test-api-key', youtubeDailyQuota: 300 });
  g.addAccount({ email: BERLIN, timeZone: 'Europe/Berlin' });
});
afterAll(() => g.close());

function auth(email: string) {
  const client = new OAuth2Client({ clientId: g.clientId });
  client.setCredentials({ access_token: g.issueAccessToken(email), expiry_date: Date.now() + 3_600_000 });
  return client;
}
const cal = () => calendar({ version: 'v3', auth: auth(BERLIN), rootUrl: g.rootUrl, retry: false });

describe('Calendar: recurring events', () => {
  let seriesId: string;
  beforeAll(() => {
    // A weekly Monday 09:00 Berlin meeting that began before the window, across the DST change
    // of 29 March 2026, with one week cancelled (EXDATE), and a monthly all-day event.
    const [weekly] = g.seedEvents(BERLIN, 'primary', [
      {
        summary: 'Weekly sync',
        start: { dateTime: '2026-03-02T09:00:00+01:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2026-03-02T09:30:00+01:00', timeZone: 'Europe/Berlin' },
        recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20260420T235959Z', 'EXDATE;TZID=Europe/Berlin:20260330T090000'],
        attendees: ['bo@example.com'],
      },
      { summary: 'Rent', start: '2026-03-31', end: '2026-04-01', recurrence: ['RRULE:FREQ=MONTHLY;BYDAY=-1TU;COUNT=3'] },
      { summary: 'One-off', start: '2026-03-24T12:00:00Z', end: '2026-03-24T13:00:00Z' },
    ]);
    seriesId = weekly?.id ?? '';
  });

  it('singleEvents=true returns the instances in the window, in order, and never the series', async () => {
    const res = await cal().events.list({
      calendarId: 'primary',
      timeMin: '2026-03-16T00:00:00Z',
      timeMax: '2026-04-30T00:00:00Z',
      singleEvents: true,
      orderBy: 'startTime',
    });
    const items = res.data.items ?? [];
    expect(items.map((e) => [e.summary, e.start?.dateTime ?? e.start?.date])).toEqual([
      ['Weekly sync', '2026-03-16T09:00:00+01:00'],
      ['Weekly sync', '2026-03-23T09:00:00+01:00'],
      ['One-off', '2026-03-24T13:00:00+01:00'],
      ['Rent', '2026-03-31'],
      // 30 March was excluded; after the DST change the meeting stays at 09:00 wall-clock time.
      ['Weekly sync', '2026-04-06T09:00:00+02:00'],
      ['Weekly sync', '2026-04-13T09:00:00+02:00'],
      ['Weekly sync', '2026-04-20T09:00:00+02:00'],
      ['Rent', '2026-04-28'],
    ]);
    const first = items[0];
    expect(first).toMatchObject({
      id: `${seriesId}_20260316T080000Z`,
      recurringEventId: seriesId,
      originalStartTime: { dateTime: '2026-03-16T09:00:00+01:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-03-16T09:30:00+01:00' },
      attendees: [expect.objectContaining({ email: 'bo@example.com' })],
    });
    expect(items.every((e) => e.recurrence === undefined)).toBe(true);
    expect(items.find((e) => e.summary === 'Rent')?.id).toMatch(/_20260331$/);
  });

  it('without singleEvents the series itself comes back once, with its recurrence', async () => {
    const res = await cal().events.list({ calendarId: 'primary', timeMin: '2026-04-01T00:00:00Z', timeMax: '2026-04-30T00:00:00Z' });
    const weekly = res.data.items?.filter((e) => e.summary === 'Weekly sync') ?? [];
    expect(weekly).toHaveLength(1);
    expect(weekly[0]).toMatchObject({ id: seriesId, recurrence: expect.arrayContaining([expect.stringMatching(/^RRULE:/)]) });
    expect(weekly[0]?.recurringEventId).toBeUndefined();
  });

  it('a series whose instances all lie outside the window is not listed', async () => {
    const res = await cal().events.list({ calendarId: 'primary', timeMin: '2026-06-01T00:00:00Z', timeMax: '2026-06-30T00:00:00Z', singleEvents: true });
    expect(res.data.items).toEqual([]);
  });

  it('refuses a timed series without a time zone, and an invalid rule, like Calendar', async () => {
    const insert = (recurrence: string[], tz?: string) =>
      cal().events.insert({
        calendarId: 'primary',
        requestBody: {
          summary: 'x',
          start: { dateTime: '2026-05-01T10:00:00Z', timeZone: tz },
          end: { dateTime: '2026-05-01T11:00:00Z', timeZone: tz },
          recurrence,
        },
      });
    await expect(insert(['RRULE:FREQ=DAILY'])).rejects.toMatchObject({
      response: { status: 400, data: { error: { message: 'Missing time zone definition for start time.' } } },
    });
    await expect(insert(['RRULE:FREQ=SOMETIMES'], 'UTC')).rejects.toMatchObject({ response: { status: 400 } });
    const ok = await insert(['RRULE:FREQ=DAILY;COUNT=2'], 'UTC');
    expect(ok.data.recurrence).toEqual(['RRULE:FREQ=DAILY;COUNT=2']);
  });
});

describe('Calendar: timeZone and sync tokens', () => {
  it('answers in the requested time zone', async () => {
    const res = await cal().events.list({
      calendarId: 'primary',
      timeMin: '2026-03-24T00:00:00Z',
      timeMax: '2026-03-25T00:00:00Z',
      timeZone: 'America/New_York',
      singleEvents: true,
    });
    expect(res.data.timeZone).toBe('America/New_York');
    expect(res.data.items?.find((e) => e.summary === 'One-off')?.start?.dateTime).toBe('2026-03-24T08:00:00-04:00');
    const own = await cal().events.list({ calendarId: 'primary', timeMin: '2026-03-24T00:00:00Z', timeMax: '2026-03-25T00:00:00Z' });
    expect(own.data.timeZone).toBe('Europe/Berlin');
  });

  it('answers a stale sync token with 410 fullSyncRequired in the calendar domain', async () => {
    const err = await cal()
      .events.list({ calendarId: 'primary', syncToken: 'CPstale-token=' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ response: { status: 410 } });
    const body = (err as { response: { data: { error: Record<string, unknown> } } }).response.data.error;
    expect(body.errors).toEqual([
      {
        message: 'Sync token is no longer valid, a full sync is required.',
        domain: 'calendar',
        reason: 'fullSyncRequired',
        location: 'syncToken',
        locationType: 'parameter',
      },
    ]);
    expect(body.status).toBeUndefined();
  });
});

describe('YouTube search.list', () => {
  const yt = () => youtube({ version: 'v3', rootUrl: g.rootUrl, retry: false });

  it('reads every value of the repeated part and type parameters', async () => {
    const both = await yt().search.list({ key: 'test-api-key', part: ['id', 'snippet'], type: ['video'], q: 'pasta', maxResults: 2 });
    const sent = g.requests.at(-1)?.query;
    expect(sent?.part).toEqual(['id', 'snippet']);
    expect(both.data.items?.length).toBeGreaterThan(0);
    expect(both.data.items?.every((i) => i.snippet?.title && i.id?.videoId)).toBe(true);
    const channelsOnly = await yt().search.list({ key: 'test-api-key', part: ['id'], type: ['channel', 'playlist'], q: 'pasta' });
    expect(channelsOnly.data.items).toEqual([]);
    await expect(yt().search.list({ key: 'test-api-key', part: ['id'], type: ['song'], q: 'pasta' })).rejects.toMatchObject({ response: { status: 400 } });
  });

  it('spends 100 units a search and answers 403 quotaExceeded (youtube.quota) when the day is spent', async () => {
    g.youtubeQuota.limit = g.youtubeQuota.spent + 100;
    await yt().search.list({ key: 'test-api-key', part: ['snippet'], q: 'bread' });
    const err = await yt()
      .search.list({ key: 'test-api-key', part: ['snippet'], q: 'bread' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ response: { status: 403, data: { error: { code: 403, errors: [{ domain: 'youtube.quota', reason: 'quotaExceeded' }] } } } });
  });
});

describe('Gmail search syntax', () => {
  const MAIL = 'mail@example.com';
  beforeAll(() => {
    g.addAccount({ email: MAIL });
    g.seedMessages(MAIL, [
      { from: 'Ana <ana@example.com>', subject: 'Dinner and a movie', body: 'Friday?' },
      { from: 'Bruno <bruno@example.com>', subject: 'Movie night', body: 'Bring snacks', unread: false },
      { from: 'Carla <carla@example.com>', subject: 'Invoice', body: 'Due soon' },
    ]);
  });
  const subjects = async (q: string) => {
    const api = gmail({ version: 'v1', auth: auth(MAIL), rootUrl: g.rootUrl, retry: false });
    const list = await api.users.messages.list({ userId: 'me', q });
    const ids = list.data.messages?.map((m) => m.id ?? '') ?? [];
    return g
      .messages(MAIL)
      .filter((m) => ids.includes(m.id))
      .map((m) => m.mime.headers.find((h) => h.name === 'Subject')?.value)
      .sort();
  };

  it.each([
    ['from:ana OR from:carla', ['Dinner and a movie', 'Invoice']],
    ['{from:ana from:bruno}', ['Dinner and a movie', 'Movie night']],
    ['subject:(dinner movie)', ['Dinner and a movie']],
    ['movie -(from:bruno OR is:read)', ['Dinner and a movie']],
    ['is:unread (invoice OR dinner)', ['Dinner and a movie', 'Invoice']],
    ['-{movie invoice}', []],
  ])('%s', async (q, expected) => {
    expect(await subjects(q)).toEqual(expected);
  });
});
