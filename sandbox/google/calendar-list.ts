// What events.list answers for a window: single events as stored, recurring series either as the
// series (singleEvents=false, when any instance overlaps the window) or expanded into their
// instances (singleEvents=true, never the series itself), and every dateTime written in the
// response's time zone (the `timeZone` parameter, else the calendar's).
// https://developers.google.com/workspace/calendar/api/v3/reference/events/list
import type { CalendarEvent, EventDateTime, StoredEvent } from './calendar-store';
import { formatInZone, isRfc3339, isTimeZone, toEpoch } from './calendar-time';
import { expandSeries, type Instance } from './calendar-instances';
import { badRequest, fail } from './errors';
import { boolParam, enumParam } from './params';

export interface ListScope {
  /** The calendar's own zone: all-day events and series without a zone live in it. */
  calendarTz: string;
  /** Zone of the response. */
  zone: string;
}

/** The `timeZone` parameter, or the calendar's zone when absent. */
export function responseZone(q: URLSearchParams, calendarTz: string): string {
  const raw = q.get('timeZone');
  if (raw === null) return calendarTz;
  if (!isTimeZone(raw)) badRequest('Invalid time zone definition.', 'invalid', 'timeZone');
  return raw;
}

export function listWindow(stored: StoredEvent[], q: URLSearchParams, scope: ListScope): CalendarEvent[] {
  const timeMin = instantParam(q, 'timeMin');
  const timeMax = instantParam(q, 'timeMax');
  if (timeMin !== undefined && timeMax !== undefined && timeMax <= timeMin) {
    fail(400, 'The specified time range is empty.', { reason: 'timeRangeEmpty' });
  }
  const orderBy = enumParam(q, 'orderBy', ['startTime', 'updated'] as const);
  const single = boolParam(q, 'singleEvents');
  if (orderBy === 'startTime' && !single) badRequest('The requested ordering is not available for the particular query.');
  const showDeleted = boolParam(q, 'showDeleted');
  const text = q.get('q')?.toLowerCase();
  const hits = stored.flatMap(({ event: e }): Instance[] => {
    if (e.status === 'cancelled' && !showDeleted) return [];
    if (text && ![e.summary, e.description, e.location].some((f) => f?.toLowerCase().includes(text))) return [];
    if (!e.recurrence) {
      const one = bounds(e, scope.calendarTz);
      // Overlap semantics from the reference: end > timeMin and start < timeMax.
      return (timeMin === undefined || one.endMs > timeMin) && (timeMax === undefined || one.startMs < timeMax) ? [one] : [];
    }
    const instances = expandSeries(e, scope.calendarTz, { min: timeMin, max: timeMax });
    if (single) return instances;
    return instances.length ? [bounds(e, scope.calendarTz)] : [];
  });
  if (orderBy === 'startTime') hits.sort((a, b) => a.startMs - b.startMs);
  if (orderBy === 'updated') hits.sort((a, b) => a.event.updated.localeCompare(b.event.updated));
  return hits.map((h) => inZone(h.event, scope.zone));
}

/** Incremental sync answers: changed events, series expanded when singleEvents asks for it. */
export function changedEvents(changed: StoredEvent[], q: URLSearchParams, scope: ListScope): CalendarEvent[] {
  const single = boolParam(q, 'singleEvents');
  return changed
    .flatMap(({ event: e }) => (single && e.recurrence && e.status !== 'cancelled' ? expandSeries(e, scope.calendarTz, {}).map((i) => i.event) : [e]))
    .map((e) => inZone(e, scope.zone));
}

function bounds(event: CalendarEvent, calendarTz: string): Instance {
  return { event, startMs: toEpoch(event.start, calendarTz), endMs: toEpoch(event.end, calendarTz) };
}

/** The event with its dateTimes written in `zone` (all-day dates stay as they are). */
export function inZone(e: CalendarEvent, zone: string): CalendarEvent {
  const render = (t: EventDateTime): EventDateTime => (t.dateTime ? { ...t, dateTime: formatInZone(toEpoch(t, zone), zone) } : { ...t });
  const original = e.originalStartTime as EventDateTime | undefined;
  return { ...e, start: render(e.start), end: render(e.end), ...(original ? { originalStartTime: render(original) } : {}) };
}

function instantParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (!isRfc3339(raw)) badRequest('Bad Request', 'badRequest', name);
  return Date.parse(raw);
}
