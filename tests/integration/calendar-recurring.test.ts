import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DigestJob } from '../../shared/digests/publisher';
import { runDigestJob } from '../../shared/digests/worker';
import { startHarness, type Harness } from '../support/harness';

// Recurring events through the app: a weekly meeting that began two weeks ago is in
// list-calendar-events and in the daily digest, as its instances (never the series), at the
// series' wall-clock time.

let h: Harness;
const clock = { at: Date.parse('2026-06-15T05:00:00Z'), now: () => new Date(clock.at) };
beforeAll(async () => {
  h = await startHarness({ clock });
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.reset();
  clock.at = Date.parse('2026-06-15T05:00:00Z'); // a Monday, 07:00 in Berlin
});

const ANA = 'ana@example.com';

function seedWeekly(email: string) {
  // Began on Monday 1 June (two weeks before "now"), every Monday 09:00 Berlin, plus a daily
  // all-day reminder that began a month ago.
  return h.google.seedEvents(email, 'primary', [
    {
      summary: 'Weekly planning',
      start: { dateTime: '2026-06-01T09:00:00+02:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-06-01T10:00:00+02:00', timeZone: 'Europe/Berlin' },
      recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO'],
      location: 'Room 4',
    },
    { summary: 'Water the plants', start: '2026-05-15', end: '2026-05-16', recurrence: ['RRULE:FREQ=DAILY;INTERVAL=7'] },
  ]);
}

describe('list_calendar_events with recurring events', () => {
  it('lists this week’s instances of a series that began two weeks ago, in start order', async () => {
    await h.connectGoogle('dev-user', ANA);
    const [weekly] = seedWeekly(ANA);
    const res = await h.call('list-calendar-events', { days_ahead: 14 });
    expect(res.status).toBe(200);
    const events = res.json.data.events as Array<{ id: string; summary: string; start: string; all_day: boolean; location?: string }>;
    expect(events.map((e) => [e.summary, e.start])).toEqual([
      ['Weekly planning', '2026-06-15T07:00:00Z'],
      ['Water the plants', '2026-06-19'],
      ['Weekly planning', '2026-06-22T07:00:00Z'],
      ['Water the plants', '2026-06-26'],
    ]);
    expect(events[0]).toMatchObject({ id: `${weekly?.id}_20260615T070000Z`, location: 'Room 4', all_day: false });
    expect(events.some((e) => e.id === weekly?.id)).toBe(false);
  });
});

describe('the digest with recurring events', () => {
  const JOB: DigestJob = { v: 1, uid: 'wk', localDate: '2026-06-15', dueAt: '2026-06-15T07:00:00.000Z' };

  it('shows today’s instance of the weekly meeting at its local time', async () => {
    // Its own account: the Google fake's calendars outlive h.reset().
    const BO = 'bo@example.com';
    await h.connectGoogle('wk', BO);
    const put = await h.call(
      'digest-settings',
      { enabled: true, local_hour: 7, time_zone: 'Europe/Berlin' },
      { method: 'PUT', headers: { authorization: 'Bearer dev:wk' } },
    );
    expect(put.status).toBe(200);
    seedWeekly(BO);
    clock.at = Date.parse('2026-06-15T05:00:00Z');
    h.gemini.script({ text: 'Planning at nine.' });
    const before = h.google.sentMessages(BO).length;
    expect(await runDigestJob(h.runtime, JOB, 'test', new AbortController().signal)).toBe('sent');
    const [mail] = h.google.sentMessages(BO).slice(before);
    expect(mail?.text).toContain('09:00  Weekly planning');
    const digest = await (await h.runtime.stores.db()).collection('users').doc('wk').collection('digests').doc('2026-06-15').get();
    expect(digest.get('counts')).toMatchObject({ events: 1 });
  });
});
