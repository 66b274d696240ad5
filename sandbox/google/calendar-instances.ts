// Expansion of a recurring series into the instances `singleEvents=true` returns. Instances are
// generated on the series' wall clock (start.timeZone), so a 09:00 meeting stays at 09:00 across
// a DST change, and each one looks like Calendar's: id `<seriesId>_<YYYYMMDDTHHMMSSZ>` (or
// `_<YYYYMMDD>` all day), recurringEventId, originalStartTime, no `recurrence`.
// https://developers.google.com/workspace/calendar/api/v3/reference/events/instances
import type { CalendarEvent } from './calendar-store';
import { formatInZone, localToEpoch, toEpoch, zoneOffsetMinutes } from './calendar-time';
import { parseRecurrence, type ExDate, type Recurrence } from './calendar-rrule';

const DAY_MS = 86_400_000;
/** Far enough for any test; stops generators whose rule never matches again. */
const LAST_DAY = Math.floor(Date.UTC(2200, 0, 1) / DAY_MS);
/** Calendar pages through instances; without a timeMax the fake stops an endless rule here. */
const MAX_INSTANCES = 1000;

export interface Window {
  min?: number;
  max?: number;
}

export interface Instance {
  event: CalendarEvent;
  startMs: number;
  endMs: number;
}

/** The series' instances that overlap the window (end > min, start < max), in start order. */
export function expandSeries(series: CalendarEvent, calendarTz: string, window: Window): Instance[] {
  const rule = parseRecurrence(series.recurrence as string[]);
  const allDay = Boolean(series.start.date);
  const tz = series.start.timeZone ?? calendarTz;
  const first = allDay ? dayOf(series.start.date ?? '') : dayOf(localIso(toEpoch(series.start, tz), tz).slice(0, 10));
  const timeOfDay = allDay ? '00:00:00' : localIso(toEpoch(series.start, tz), tz).slice(11, 19);
  const duration = allDay ? dayOf(series.end.date ?? '') - first : toEpoch(series.end, tz) - toEpoch(series.start, tz);
  const out: Instance[] = [];
  let n = 0;
  for (const day of candidateDays(rule, first)) {
    if (rule.count !== undefined && n >= rule.count) break;
    n += 1;
    const local = `${dateOf(day)}T${timeOfDay}`;
    const startMs = localToEpoch(local, allDay ? calendarTz : tz);
    if (pastUntil(rule.until, day, startMs) || (window.max !== undefined && startMs >= window.max)) break;
    const endMs = allDay ? localToEpoch(`${dateOf(day + duration)}T00:00:00`, calendarTz) : startMs + duration;
    if (excluded(rule.exdates, local, startMs, tz) || (window.min !== undefined && endMs <= window.min)) continue;
    out.push({
      event: instance(series, allDay ? { date: dateOf(day) } : { dateTime: formatInZone(startMs, tz), timeZone: tz }, allDay, day, duration, startMs, tz),
      startMs,
      endMs,
    });
    if (out.length >= MAX_INSTANCES) break;
  }
  return out;
}

function instance(
  series: CalendarEvent,
  start: CalendarEvent['start'],
  allDay: boolean,
  day: number,
  duration: number,
  startMs: number,
  tz: string,
): CalendarEvent {
  const { recurrence: _series, ...fields } = series;
  const suffix = allDay ? dateOf(day).replaceAll('-', '') : `${new Date(startMs).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
  const id = `${series.id}_${suffix}`;
  const end = allDay ? { date: dateOf(day + duration) } : { dateTime: formatInZone(startMs + duration, tz), timeZone: tz };
  const eid = Buffer.from(`${id} ${series.organizer.email}`).toString('base64url');
  return {
    ...fields,
    id,
    htmlLink: `https://www.google.com/calendar/event?eid=${eid}`,
    recurringEventId: series.id,
    originalStartTime: { ...start },
    start,
    end,
  };
}

/** Days (since the epoch) the rule produces from `first` on, in order; COUNT/UNTIL are the caller's. */
export function* candidateDays(rule: Recurrence, first: number): Generator<number> {
  const step = rule.interval;
  if (rule.freq === 'DAILY') {
    for (let d = first; d < LAST_DAY; d += step) if (matchesWeekday(rule, d)) yield d;
  } else if (rule.freq === 'WEEKLY') {
    const days = rule.byDay.length ? rule.byDay.map((w) => w.day) : [weekday(first)];
    for (let monday = first - ((weekday(first) + 6) % 7); monday < LAST_DAY; monday += 7 * step) {
      for (let d = monday; d < monday + 7; d++) if (d >= first && days.includes(weekday(d))) yield d;
    }
  } else {
    const start = new Date(first * DAY_MS);
    const months = rule.freq === 'MONTHLY' ? step : 12 * step;
    for (let k = 0; ; k += months) {
      const y = start.getUTCFullYear() + Math.floor((start.getUTCMonth() + k) / 12);
      const m = (start.getUTCMonth() + k) % 12;
      if (Date.UTC(y, m, 1) / DAY_MS >= LAST_DAY) return;
      for (const d of daysInMonth(rule, y, m, start.getUTCDate())) if (d >= first) yield d;
    }
  }
}

function daysInMonth(rule: Recurrence, y: number, m: number, defaultDom: number): number[] {
  const firstDay = Date.UTC(y, m, 1) / DAY_MS;
  const length = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const doms = rule.byMonthDay.map((n) => (n > 0 ? n : length + 1 + n));
  let days: number[];
  if (rule.byDay.length) {
    days = rule.byDay.flatMap((w) => {
      const all = Array.from({ length }, (_, i) => firstDay + i).filter((d) => weekday(d) === w.day);
      if (w.ordinal === undefined) return all;
      const pick = w.ordinal > 0 ? all[w.ordinal - 1] : all[all.length + w.ordinal];
      return pick === undefined ? [] : [pick];
    });
    if (doms.length) days = days.filter((d) => doms.includes(d - firstDay + 1));
  } else {
    days = (doms.length ? doms : [defaultDom]).filter((d) => d >= 1 && d <= length).map((d) => firstDay + d - 1);
  }
  return [...new Set(days)].sort((a, b) => a - b);
}

const matchesWeekday = (rule: Recurrence, d: number) => !rule.byDay.length || rule.byDay.some((w) => w.day === weekday(d));

function pastUntil(until: string | undefined, day: number, startMs: number): boolean {
  if (!until) return false;
  if (until.length === 8) return day > dayOf(`${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}`);
  const iso = `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}T${until.slice(9, 11)}:${until.slice(11, 13)}:${until.slice(13, 15)}Z`;
  return startMs > Date.parse(iso);
}

function excluded(exdates: ExDate[], local: string, startMs: number, tz: string): boolean {
  return exdates.some((x) => {
    if ('utc' in x) return x.utc === startMs;
    if ('local' in x) return localToEpoch(x.local, x.tz ?? tz) === startMs;
    return x.date === local.slice(0, 10);
  });
}

/** Wall-clock `YYYY-MM-DDTHH:MM:SS` of an instant in `tz`. */
function localIso(epochMs: number, tz: string): string {
  return new Date(epochMs + zoneOffsetMinutes(epochMs, tz) * 60_000).toISOString().slice(0, 19);
}

const weekday = (day: number) => (day + 4) % 7; // 1970-01-01 was a Thursday
const dayOf = (date: string) => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
