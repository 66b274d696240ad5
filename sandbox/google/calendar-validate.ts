// Validation of an events.insert body with the messages and reasons Calendar uses, so that an app's
// error mapping is exercised by the same failures it will meet in production.
import type { EventDateTime, SeedEvent } from './calendar-store';
import { formatOffset, isLocalDateTime, isRfc3339, isTimeZone, localToEpoch, toEpoch, zoneOffsetMinutes } from './calendar-time';
import { badRequest, fail } from './errors';
import { InvalidRecurrence, parseRecurrence } from './calendar-rrule';

const EVENT_ID = /^[a-v0-9]{5,1024}$/;

export function validateEventBody(json: unknown, rawBody: string, defaultTz: string): SeedEvent {
  if (rawBody && json === undefined) badRequest('Invalid JSON payload received.', 'parseError');
  if (!json || typeof json !== 'object' || Array.isArray(json)) badRequest('Missing end time.', 'required');
  const body = json as Record<string, unknown>;
  if (body.id !== undefined && !(typeof body.id === 'string' && EVENT_ID.test(body.id))) {
    badRequest('Invalid resource id value.', 'invalid');
  }
  if (!body.end) fail(400, 'Missing end time.', { reason: 'required' });
  if (!body.start) fail(400, 'Missing start time.', { reason: 'required' });
  const start = normalizeBoundary(body.start, 'start', defaultTz);
  const end = normalizeBoundary(body.end, 'end', defaultTz);
  if (Boolean(start.date) !== Boolean(end.date)) {
    badRequest('Start and end times must either both be date or both be dateTime.');
  }
  if (toEpoch(end, defaultTz) <= toEpoch(start, defaultTz)) {
    fail(400, 'The specified time range is empty.', { reason: 'timeRangeEmpty' });
  }
  if (body.recurrence !== undefined) validateRecurrence(body.recurrence, start);
  return { ...body, start, end } as SeedEvent;
}

/** Calendar expands a series on its start zone, so a timed series must name one. */
function validateRecurrence(recurrence: unknown, start: EventDateTime): void {
  if (!Array.isArray(recurrence) || recurrence.some((r) => typeof r !== 'string')) badRequest('Invalid recurrence rule.', 'invalid');
  try {
    parseRecurrence(recurrence as string[]);
  } catch (e) {
    if (e instanceof InvalidRecurrence) badRequest('Invalid recurrence rule.', 'invalid');
    throw e;
  }
  if (start.dateTime && !start.timeZone) fail(400, 'Missing time zone definition for start time.', { reason: 'required' });
}

/** Checks one boundary and, like Calendar, answers local times with an explicit offset. */
function normalizeBoundary(value: unknown, which: 'start' | 'end', defaultTz: string): EventDateTime {
  if (typeof value !== 'object' || value === null) badRequest(`Invalid ${which} time.`, 'invalid');
  const t = value as EventDateTime;
  if (t.timeZone !== undefined && !isTimeZone(t.timeZone)) {
    badRequest(`Invalid time zone definition for ${which} time.`, 'invalid');
  }
  if (t.date !== undefined && t.dateTime !== undefined) badRequest(`Invalid ${which} time.`, 'invalid');
  if (t.date !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(t.date) || Number.isNaN(Date.parse(t.date))) badRequest(`Invalid ${which} time.`, 'invalid');
    return { ...t };
  }
  if (typeof t.dateTime !== 'string') fail(400, `Missing ${which} time.`, { reason: 'required' });
  if (isRfc3339(t.dateTime)) return { ...t };
  if (!isLocalDateTime(t.dateTime)) badRequest(`Invalid ${which} time.`, 'invalid');
  if (!t.timeZone) fail(400, `Missing time zone definition for ${which} time.`, { reason: 'required' });
  const epoch = localToEpoch(t.dateTime, t.timeZone ?? defaultTz);
  return { ...t, dateTime: `${t.dateTime.slice(0, 19)}${formatOffset(zoneOffsetMinutes(epoch, t.timeZone))}` };
}
