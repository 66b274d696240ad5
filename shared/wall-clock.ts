// Wall clocks in IANA time zones, computed with Intl.DateTimeFormat only (the tz database shipped
// with Node), never with fixed offsets: daylight-saving changes, half-hour zones and both sides of
// the date line come out right. The calendar actions (working hours) and the digests (due hours)
// both stand on these.

const MINUTE = 60_000;
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

// en-US with these options formats as "MM/DD/YYYY, HH:mm" (format() is several times faster
// than formatToParts(), which matters when dispatch computes this for thousands of users).
const EN_US = /^(\d{2})\/(\d{2})\/(-?\d+),? (\d{2}):(\d{2})$/;

/** The wall clock at instant `t` in `timeZone`, as if it were a UTC instant (minute precision). */
export function wallClock(t: number, timeZone: string): number {
  const text = formatter(timeZone).format(new Date(t));
  const m = EN_US.exec(text);
  if (!m) throw new Error(`Unexpected date format "${text}".`);
  const [, month, day, year, hour, minute] = m.map(Number);
  return Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0);
}

/** UTC offset in ms at instant `t` (positive east of Greenwich). */
export function offsetAt(t: number, timeZone: string): number {
  const floored = Math.floor(t / MINUTE) * MINUTE;
  return wallClock(floored, timeZone) - floored;
}

/** 'YYYY-MM-DD' of instant `t` in `timeZone`. */
export function localDateOf(t: number, timeZone: string): string {
  return new Date(wallClock(t, timeZone)).toISOString().slice(0, 10);
}

/** A calendar date `days` later ('YYYY-MM-DD'; negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
