import { addDays, localDateOf, offsetAt, wallClock } from '../wall-clock';

// When a digest is due, in the person's time zone (wall clocks: ../wall-clock.ts).
//
// A digest is due at the first instant of its local date whose wall clock reads `hour:00` or
// later. So on a spring-forward day whose `hour` does not exist (Europe/London 01:00 on the last
// Sunday of March) it is due when the clocks jump (02:00 BST); on a fall-back day whose `hour`
// happens twice it is due at the first one. A local date that does not exist at all (Samoa
// skipped 2011-12-30) has no due instant.

const HOUR = 3_600_000;

export function localHourOf(t: number, timeZone: string): number {
  return new Date(wallClock(t, timeZone)).getUTCHours();
}

// Users share time zones and hours, so due instants repeat: memoised, with a bounded cache.
const dueCache = new Map<string, number | undefined>();

/** The first instant of local `date` whose wall clock reads `hour:00` or later (see above). */
export function dueInstant(date: string, hour: number, timeZone: string): number | undefined {
  const key = `${timeZone}|${date}|${hour}`;
  if (dueCache.has(key)) return dueCache.get(key);
  if (dueCache.size > 10_000) dueCache.clear();
  const t = computeDueInstant(date, hour, timeZone);
  dueCache.set(key, t);
  return t;
}

function computeDueInstant(date: string, hour: number, timeZone: string): number | undefined {
  const wall = Date.parse(`${date}T00:00:00Z`) + hour * HOUR;
  // The offsets in force a day either side; every instant with this wall time uses one of them.
  const before = offsetAt(wall - 26 * HOUR, timeZone);
  const after = offsetAt(wall + 26 * HOUR, timeZone);
  const exact = [wall - before, wall - after].filter((t) => wallClock(t, timeZone) === wall);
  // No instant shows this wall time (a gap): the clocks jump past it at wall - before.
  const t = exact.length > 0 ? Math.min(...exact) : wall - before;
  return localDateOf(t, timeZone) === date ? t : undefined;
}

/** The most recent due instant at or before `now`, with its local date. */
export function latestDue(now: number, hour: number, timeZone: string): { date: string; at: number } | undefined {
  const today = localDateOf(now, timeZone);
  for (const date of [today, addDays(today, -1), addDays(today, -2)]) {
    const at = dueInstant(date, hour, timeZone);
    if (at !== undefined && at <= now) return { date, at };
  }
  return undefined;
}

/** The first due instant after `now` whose local date is later than `doneDate` (if given). */
export function nextDue(now: number, hour: number, timeZone: string, doneDate?: string): { date: string; at: number } {
  const today = localDateOf(now, timeZone);
  for (let i = 0; i < 4; i++) {
    const date = addDays(today, i);
    if (doneDate && date <= doneDate) continue;
    const at = dueInstant(date, hour, timeZone);
    if (at !== undefined && at > now) return { date, at };
  }
  throw new Error(`No due instant within 4 days in ${timeZone}.`);
}

/** [start, end) of local `date`: from its first instant to the next date's first instant. */
export function localDayBounds(date: string, timeZone: string): { start: number; end: number } {
  const start = dueInstant(date, 0, timeZone) ?? Date.parse(`${date}T00:00:00Z`) - offsetAt(Date.parse(`${date}T00:00:00Z`), timeZone);
  const end = dueInstant(addDays(date, 1), 0, timeZone) ?? start + 24 * HOUR;
  return { start, end };
}
