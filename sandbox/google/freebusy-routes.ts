// Calendar API v3: freebusy.query and calendars.get (the calendar's own time zone).
// https://developers.google.com/workspace/calendar/api/v3/reference/freebusy/query
// https://developers.google.com/workspace/calendar/api/v3/reference/calendars/get
// Busy periods are the calendar's opaque, non-cancelled events overlapping the window, clipped
// to it and merged where they touch, written in the request's timeZone (default UTC). A calendar
// the caller cannot see answers inside the 200 with a per-calendar error, as Google does.
import type { FakeRequest, FakeResponse, Route } from '../fake-server';
import { requireCaller } from './auth-guard';
import type { StoredEvent } from './calendar-store';
import { formatOffset, isRfc3339, isTimeZone, toEpoch, zoneOffsetMinutes } from './calendar-time';
import type { GoogleContext } from './context';
import { badRequest, fail, notFound } from './errors';
import { calendarEtag } from './ids';
import { METHOD_SCOPES } from './scopes';

const FREEBUSY_PATH = /^\/calendar\/v3\/freeBusy$/;
const CALENDAR_PATH = /^\/calendar\/v3\/calendars\/(?<calendarId>[^/]+)$/;
const EXPANSION_MAX = 50;

export function freeBusyRoutes(ctx: GoogleContext): Route[] {
  return [
    { method: 'POST', pattern: FREEBUSY_PATH, handle: (req) => queryFreeBusy(req, ctx) },
    { method: 'GET', pattern: CALENDAR_PATH, handle: (req) => getCalendar(req, ctx) },
  ];
}

interface Window {
  min: number;
  max: number;
  tz: string;
}

function queryFreeBusy(req: FakeRequest, ctx: GoogleContext): FakeResponse {
  const { account } = requireCaller(req, ctx.oauth, METHOD_SCOPES.calendarFreebusyQuery);
  if (req.rawBody && req.json === undefined) badRequest('Invalid JSON payload received.', 'parseError');
  const body = (req.json ?? {}) as Record<string, unknown>;
  const window = parseWindow(body);
  const items = Array.isArray(body.items) ? body.items : [];
  const expansionMax = typeof body.calendarExpansionMax === 'number' ? Math.min(body.calendarExpansionMax, EXPANSION_MAX) : EXPANSION_MAX;
  const calendars: Record<string, unknown> = {};
  items.forEach((item, i) => {
    const id = typeof item === 'object' && item && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : '';
    if (!id) badRequest('Missing calendar id.', 'required', `items[${i}].id`);
    if (i >= expansionMax) {
      calendars[id] = { errors: [{ domain: 'global', reason: 'tooManyCalendarsRequested' }], busy: [] };
      return;
    }
    const stored = ctx.calendar.calendar(account.email, id);
    calendars[id] = stored ? { busy: busyPeriods(stored, window, account.timeZone) } : { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
  });
  return {
    status: 200,
    body: { kind: 'calendar#freeBusy', timeMin: format(window.min, window.tz), timeMax: format(window.max, window.tz), calendars },
  };
}

function parseWindow(body: Record<string, unknown>): Window {
  const instant = (name: 'timeMin' | 'timeMax'): number => {
    const raw = body[name];
    if (raw === undefined) fail(400, `Missing ${name} parameter.`, { reason: 'required' });
    if (typeof raw !== 'string' || !isRfc3339(raw)) badRequest(`Invalid value for: ${name}`, 'invalid', name);
    return Date.parse(raw);
  };
  const min = instant('timeMin');
  const max = instant('timeMax');
  if (max <= min) fail(400, 'The specified time range is empty.', { reason: 'timeRangeEmpty' });
  const tz = body.timeZone === undefined ? 'UTC' : String(body.timeZone);
  if (!isTimeZone(tz)) badRequest('Invalid time zone definition for start time.', 'invalid', 'timeZone');
  return { min, max, tz };
}

function busyPeriods(stored: StoredEvent[], w: Window, accountTz: string): Array<{ start: string; end: string }> {
  const spans = stored
    .map((s) => s.event)
    .filter((e) => e.status !== 'cancelled' && e.transparency !== 'transparent')
    .map((e) => [Math.max(toEpoch(e.start, accountTz), w.min), Math.min(toEpoch(e.end, accountTz), w.max)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of spans) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged.map(([start, end]) => ({ start: format(start, w.tz), end: format(end, w.tz) }));
}

/** RFC 3339 in `tz`: "…Z" for UTC, else the zone's offset at that instant, as Google writes it. */
function format(epoch: number, tz: string): string {
  const offset = zoneOffsetMinutes(epoch, tz);
  const local = new Date(epoch + offset * 60_000).toISOString().slice(0, 19);
  return tz === 'UTC' ? `${local}Z` : `${local}${formatOffset(offset)}`;
}

function getCalendar(req: FakeRequest, ctx: GoogleContext): FakeResponse {
  const { account } = requireCaller(req, ctx.oauth, METHOD_SCOPES.calendarCalendarsGet);
  const calendarId = req.params.calendarId ?? '';
  if (!ctx.calendar.calendar(account.email, calendarId)) notFound();
  const id = ctx.calendar.resolveId(account.email, calendarId);
  return {
    status: 200,
    body: { kind: 'calendar#calendar', etag: calendarEtag(ctx.calendar.currentVersion), id, summary: id, timeZone: account.timeZone },
  };
}
