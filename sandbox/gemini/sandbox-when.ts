// "tomorrow at noon", "Friday at 3pm for 30 minutes": the day and wall-clock time a message names,
// and that time as an RFC 3339 instant in the person's time zone (from their calendar).

// The Calendar fake's own zone arithmetic: the sandbox model computes times the way Calendar does.
import { formatOffset, localToEpoch, zoneOffsetMinutes } from '../google/calendar-time';

export interface When {
  /** 0 = today, 1 = tomorrow; or a weekday (0 = Sunday … 6 = Saturday), its next occurrence. */
  day: { offset: number } | { weekday: number };
  hour: number;
  minute: number;
  durationMin: number;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MEAL_HOURS: [RegExp, number][] = [
  [/\bbreakfast\b/i, 8],
  [/\blunch\b/i, 12],
  [/\bdinner\b/i, 19],
];

/** The day and time a message names; undefined when it names neither. */
export function parseWhen(text: string): When | undefined {
  const day = dayOf(text);
  const time = timeOf(text);
  if (!day && !time) return undefined;
  const meal = MEAL_HOURS.find(([re]) => re.test(text))?.[1];
  const duration = /\bfor\s+(\d+(?:\.\d+)?)\s*(minutes?|mins?|hours?|hrs?|h)\b/i.exec(text);
  const durationMin = duration ? Math.round(Number(duration[1]) * (/^m/i.test(duration[2] ?? '') ? 1 : 60)) : 60;
  return { day: day ?? { offset: 0 }, hour: time?.hour ?? meal ?? 9, minute: time?.minute ?? 0, durationMin };
}

function dayOf(text: string): When['day'] | undefined {
  if (/\b(today|tonight)\b/i.test(text)) return { offset: 0 };
  if (/\btomorrow\b/i.test(text)) return { offset: 1 };
  const weekday = new RegExp(`\\b(${WEEKDAYS.join('|')})\\b`, 'i').exec(text)?.[1];
  return weekday ? { weekday: WEEKDAYS.indexOf(weekday.toLowerCase()) } : undefined;
}

function timeOf(text: string): { hour: number; minute: number } | undefined {
  if (/\b(noon|midday)\b/i.test(text)) return { hour: 12, minute: 0 };
  const m = /\bat\s+(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?\b/i.exec(text);
  if (!m) return undefined;
  let hour = Number(m[1]);
  const pm = m[3]?.toLowerCase() === 'pm';
  if (pm && hour < 12) hour += 12;
  if (m[3]?.toLowerCase() === 'am' && hour === 12) hour = 0;
  if (hour > 23) return undefined;
  return { hour, minute: Number(m[2] ?? 0) };
}

/** Start and end as RFC 3339 with the zone's offset, e.g. "2026-12-01T12:00:00-03:00". */
export function resolveWhen(when: When, now: number, tz: string): { start: string; end: string; date: string } {
  const today = localDate(now, tz);
  const todayWeekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const offset = 'offset' in when.day ? when.day.offset : (when.day.weekday - todayWeekday + 7) % 7 || 7;
  const date = new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  const startMs = localToEpoch(`${date}T${String(when.hour).padStart(2, '0')}:${String(when.minute).padStart(2, '0')}:00`, tz);
  const endMs = startMs + when.durationMin * 60_000;
  return { start: formatIn(startMs, tz), end: formatIn(endMs, tz), date };
}

export function localDate(ms: number, tz: string): string {
  return new Date(ms + zoneOffsetMinutes(ms, tz) * 60_000).toISOString().slice(0, 10);
}

/** "Tue 1 Dec, 12:00" in `tz`. */
export function describeTime(ms: number, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(ms));
}

function formatIn(ms: number, tz: string): string {
  const off = zoneOffsetMinutes(ms, tz);
  return `${new Date(ms + off * 60_000).toISOString().slice(0, 19)}${formatOffset(off)}`;
}
