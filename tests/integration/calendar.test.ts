import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(() => h.reset());

const ANA = 'ana@example.com';

describe('list_calendar_events', () => {
  it('lists single events ordered by start with an exact envelope', async () => {
    await h.connectGoogle('dev-user', ANA);
    const base = Date.now();
    const at = (h: number) => new Date(base + h * 3_600_000).toISOString();
    h.google.seedEvents(ANA, 'primary', [
      { summary: 'Later', start: { dateTime: at(30) }, end: { dateTime: at(31) } },
      { summary: 'Sooner', start: { dateTime: at(2) }, end: { dateTime: at(3) }, location: 'Room 1' },
      { summary: 'Out of window', start: { dateTime: at(24 * 9) }, end: { dateTime: at(24 * 9 + 1) } },
    ]);
    const res = await h.call('list-calendar-events', { days_ahead: 7 });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/\S{8,}/);
    expect(Object.keys(res.json)).toEqual(['data']);
    const { data } = res.json;
    expect(data.account).toBe(ANA);
    expect(data.calendar_id).toBe('primary');
    expect(data.events.map((e: { summary: string }) => e.summary)).toEqual(['Sooner', 'Later']);
    expect(data.events[0]).toMatchObject({ summary: 'Sooner', location: 'Room 1', all_day: false, status: 'confirmed' });
    const upstream = h.google.requests.find((r) => r.path.includes('/calendar/v3/calendars/primary/events'));
    expect(upstream?.query).toMatchObject({ singleEvents: 'true', orderBy: 'startTime', maxResults: '10' });
  });

  it('answers 409 not_connected with a connect URL when no Google account is connected', async () => {
    const res = await h.call('list-calendar-events', {});
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'not_connected', details: { provider: 'google' } });
    expect(res.json.error.details.connectUrl).toContain('/oauth-start?provider=google');
    expect(res.json.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('retries a 429 read, honouring Retry-After, and succeeds', async () => {
    await h.connectGoogle('dev-user', ANA);
    h.google.inject({
      match: { method: 'GET', path: /calendar\/v3/ },
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { code: 429, message: 'Rate Limit Exceeded', errors: [{ reason: 'rateLimitExceeded' }] } },
      times: 1,
    });
    const started = Date.now();
    const res = await h.call('list-calendar-events', {});
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(h.google.requests.filter((r) => r.path.includes('/calendar/v3/')).length).toBe(2);
  });

  it('refreshes an expired token and persists the new one encrypted', async () => {
    const { accessToken: old } = await h.connectGoogle('dev-user', ANA, { expired: true });
    const res = await h.call('list-calendar-events', {});
    expect(res.status).toBe(200);
    expect(h.google.tokenCalls('refresh_token')).toBe(1);
    const conn = await h.runtime.stores.connections.get('dev-user', 'google', ANA);
    expect(conn?.accessToken).toBeDefined();
    expect(conn?.accessToken).not.toBe(old);
    expect(conn?.refreshToken).toBeDefined();
    expect(conn?.expiryDate).toBeGreaterThan(Date.now());
    const raw = JSON.stringify(await h.allDocuments());
    expect(raw).not.toContain(conn?.accessToken);
    expect(raw).not.toContain(conn?.refreshToken);
  });

  it('marks the connection reauth_required on invalid_grant after exactly one token call', async () => {
    const { refreshToken } = await h.connectGoogle('dev-user', ANA, { expired: true });
    h.google.revokeRefreshToken(refreshToken);
    const res = await h.call('list-calendar-events', {});
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'reauth_required', details: { provider: 'google', reason: 'invalid_grant' } });
    expect(h.google.tokenCalls('refresh_token')).toBe(1);
    const [info] = await h.runtime.stores.connections.list('dev-user', 'google');
    expect(info?.status).toBe('reauth_required');
    const again = await h.call('list-calendar-events', {});
    expect(again.json.error.code).toBe('reauth_required');
    expect(h.google.tokenCalls('refresh_token')).toBe(1);
  });
});

describe('create_calendar_event', () => {
  it('creates the event and answers 201', async () => {
    await h.connectGoogle('dev-user', ANA);
    const res = await h.call('create-calendar-event', {
      summary: 'Lunch with Ana',
      start: '2026-12-01T12:00:00+01:00',
      end: '2026-12-01T13:00:00+01:00',
      time_zone: 'Europe/Paris',
      attendees: ['bo@example.com'],
      location: 'Café',
    });
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({
      account: ANA,
      calendar_id: 'primary',
      event: { summary: 'Lunch with Ana', location: 'Café', attendees: [{ email: 'bo@example.com' }] },
    });
    expect(h.google.calendarEvents(ANA).filter((e) => e.event.summary === 'Lunch with Ana')).toHaveLength(1);
  });

  it('refuses end before start without calling Google', async () => {
    await h.connectGoogle('dev-user', ANA);
    h.google.resetRecords();
    const res = await h.call('create-calendar-event', { summary: 'x', start: '2026-12-01T13:00:00Z', end: '2026-12-01T12:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
    expect(res.json.error.details.issues[0].path).toEqual(['end']);
    expect(h.google.requests).toHaveLength(0);
  });
});
