import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, say } from '../../sandbox/gemini';
import { DEFAULT_SCOPES } from '../../sandbox/google';
import type { Harness } from '../support/harness';
import { startWarmChatHarness } from '../support/chat-harness';

// Conflict detection and free-time search through @googleapis/calendar against the Google fake's
// freebusy.query and calendars.get, over HTTP and through the orchestrator's approval preview.

let h: Harness;
beforeAll(async () => {
  h = await startWarmChatHarness();
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.reset();
  h.gemini.reset();
});

const READONLY = 'https://www.googleapis.com/auth/calendar.readonly';
const WITHOUT_BUSY_SCOPE = DEFAULT_SCOPES.filter((s) => s !== READONLY);
let n = 0;
/** A fresh fake account per test: the fake keeps accounts (and their time zone) across resets. */
const fresh = () => `cal${++n}-${Date.now()}@example.com`;

function seedBusy(email: string): void {
  h.google.seedEvents(email, 'primary', [
    { summary: 'Standup', start: '2030-01-07T10:00:00Z', end: '2030-01-07T11:00:00Z' },
    { summary: 'Cancelled', start: '2030-01-07T11:00:00Z', end: '2030-01-07T12:00:00Z', status: 'cancelled' },
  ]);
  h.google.seedEvents(email, 'team-cal', [{ summary: 'Team sync', start: '2030-01-07T10:45:00Z', end: '2030-01-07T12:30:00Z' }]);
}

const EVENT = { summary: 'Design review', start: '2030-01-07T10:30:00Z', end: '2030-01-07T11:30:00Z' };
const created = (email: string) => h.google.calendarEvents(email).filter((e) => e.event.summary === 'Design review');

describe('create_calendar_event: conflicts', () => {
  it('creates the event and says what it overlaps in each chosen calendar', async () => {
    const email = fresh();
    await h.connectGoogle('dev-user', email);
    seedBusy(email);
    const res = await h.call('create-calendar-event', { ...EVENT, conflict_calendars: ['primary', 'team-cal', 'nobody-cal'] });
    expect(res.status).toBe(201);
    expect(res.json.data.conflicts).toEqual({
      checked: true,
      calendars: ['primary', 'team-cal', 'nobody-cal'],
      overlaps: [
        { calendar_id: 'primary', start: '2030-01-07T10:30:00Z', end: '2030-01-07T11:00:00Z' },
        { calendar_id: 'team-cal', start: '2030-01-07T10:45:00Z', end: '2030-01-07T11:30:00Z' },
      ],
      unchecked: [{ calendar_id: 'nobody-cal', reason: 'notFound' }],
    });
    expect(created(email)).toHaveLength(1);
    const fb = h.google.requests.find((r) => r.path === '/calendar/v3/freeBusy');
    expect(fb?.json).toMatchObject({ timeMin: EVENT.start, timeMax: EVENT.end, items: [{ id: 'primary' }, { id: 'team-cal' }, { id: 'nobody-cal' }] });
  });

  it('if_conflict "refuse": 409 conflict naming the overlaps, and nothing is created', async () => {
    const email = fresh();
    await h.connectGoogle('dev-user', email);
    seedBusy(email);
    const res = await h.call('create-calendar-event', { ...EVENT, if_conflict: 'refuse' });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'conflict', details: { reason: 'calendar_conflict', overlaps: [{ calendar_id: 'primary' }] } });
    expect(created(email)).toHaveLength(0);
    const free = await h.call('create-calendar-event', { ...EVENT, start: '2030-01-07T13:00:00Z', end: '2030-01-07T14:00:00Z', if_conflict: 'refuse' });
    expect(free.status).toBe(201);
    expect(free.json.data.conflicts).toMatchObject({ checked: true, overlaps: [] });
  });

  it('without the busy-time permission: creates and says nothing was checked; "refuse" asks to reconnect instead', async () => {
    const email = fresh();
    await h.connectGoogle('dev-user', email, { scopes: WITHOUT_BUSY_SCOPE });
    seedBusy(email);
    const res = await h.call('create-calendar-event', EVENT);
    expect(res.status).toBe(201);
    expect(res.json.data.conflicts).toMatchObject({ checked: false, overlaps: [], note: expect.stringContaining('calendar.freebusy') });
    const refused = await h.call('create-calendar-event', { ...EVENT, summary: 'Other', if_conflict: 'refuse' });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'not_connected', details: { missingScopes: [READONLY] } });
    expect(h.google.calendarEvents(email).filter((e) => e.event.summary === 'Other')).toHaveLength(0);
  });

  it('the chat approval preview shows the conflicts before the person decides; approving creates it once', async () => {
    const email = fresh();
    await h.connectGoogle('dev-user', email);
    seedBusy(email);
    h.gemini.script(call('create_calendar_event', EVENT), say('Created.'));
    const res = await h.call('chat', { message: 'Put a design review on Jan 7 at 10:30 UTC' });
    expect(res.status).toBe(202);
    const approval = res.json.data.approval;
    expect(approval.preview.title).toBe('Add "Design review" to your calendar (overlaps 1 busy period)');
    expect(approval.preview.details.conflicts).toMatchObject({ checked: true, overlaps: [{ calendar_id: 'primary', start: '2030-01-07T10:30:00Z' }] });
    expect(created(email)).toHaveLength(0);
    expect((await h.call(`approvals/${approval.id}`, { decision: 'approve' })).status).toBe(200);
    expect(created(email)).toHaveLength(1);
  });
});

describe('find_free_time', () => {
  const MON_TUE = { time_min: '2030-01-07T00:00:00Z', time_max: '2030-01-09T00:00:00Z' };

  it("proposes slots inside working hours in the calendar's time zone, around busy times", async () => {
    const email = fresh();
    h.google.addAccount({ email, timeZone: 'Europe/Paris' });
    await h.connectGoogle('dev-user', email);
    // 09:00–10:30 Paris on Monday is busy (08:00–09:30 UTC).
    h.google.seedEvents(email, 'primary', [{ summary: 'Busy', start: '2030-01-07T08:00:00Z', end: '2030-01-07T09:30:00Z' }]);
    const res = await h.call('find-free-time', { ...MON_TUE, duration_minutes: 60, max_results: 3 });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ account: email, time_zone: 'Europe/Paris', duration_minutes: 60, calendars: ['primary'], unchecked: [] });
    expect(res.json.data.slots).toEqual([
      { start: '2030-01-07T10:30:00+01:00', end: '2030-01-07T11:30:00+01:00' },
      { start: '2030-01-07T11:30:00+01:00', end: '2030-01-07T12:30:00+01:00' },
      { start: '2030-01-07T12:30:00+01:00', end: '2030-01-07T13:30:00+01:00' },
    ]);
    expect(h.google.requests.some((r) => r.method === 'GET' && r.path === `/calendar/v3/calendars/primary`)).toBe(true);
  });

  it('honours an explicit time zone, working hours and days; a weekend-only window has no slots', async () => {
    const email = fresh();
    await h.connectGoogle('dev-user', email);
    const tuesday = await h.call('find-free-time', {
      ...MON_TUE,
      duration_minutes: 90,
      time_zone: 'America/New_York',
      working_hours_start: '08:00',
      working_hours_end: '11:00',
      working_days: ['tue'],
    });
    expect(tuesday.status).toBe(200);
    // Tuesday 08:00–11:00 New York; Tuesday's window ends at 19:00 New York (midnight UTC).
    expect(tuesday.json.data.slots).toEqual([
      { start: '2030-01-08T08:00:00-05:00', end: '2030-01-08T09:30:00-05:00' },
      { start: '2030-01-08T09:30:00-05:00', end: '2030-01-08T11:00:00-05:00' },
    ]);
    const weekend = await h.call('find-free-time', {
      time_min: '2030-01-05T00:00:00Z',
      time_max: '2030-01-07T00:00:00Z',
      duration_minutes: 30,
      time_zone: 'UTC',
    });
    expect(weekend.json.data.slots).toEqual([]);
  });

  it('refuses bad windows with 400 before calling Google, and asks for the permission when it is missing', async () => {
    const email = fresh();
    await h.connectGoogle('dev-user', email, { scopes: WITHOUT_BUSY_SCOPE });
    h.google.resetRecords();
    const bad = await h.call('find-free-time', { duration_minutes: 30, working_hours_start: '17:00', working_hours_end: '09:00' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.issues[0].path).toEqual(['working_hours_end']);
    const long = await h.call('find-free-time', { duration_minutes: 30, time_min: '2030-01-01T00:00:00Z', time_max: '2030-03-01T00:00:00Z' });
    expect(long.status).toBe(400);
    expect(h.google.requests).toHaveLength(0);
    const missing = await h.call('find-free-time', { duration_minutes: 30 });
    expect(missing.status).toBe(409);
    expect(missing.json.error).toMatchObject({ code: 'not_connected', details: { missingScopes: [READONLY] } });
  });
});
