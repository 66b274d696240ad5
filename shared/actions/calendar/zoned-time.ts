// Wall-clock arithmetic in IANA time zones with Intl only (the tz database shipped with Node), so
// working hours follow daylight-saving changes instead of a fixed offset.

const MINUTE = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    const opts = { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' } as const;
    f = new Intl.DateTimeFormat('en-US', opts);
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock at instant `t` in `timeZone`, written as if it were UTC (minute precision). */
function wallClock(t: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
}

/** UTC offset in ms at instant `t` (positive east of Greenwich). */
export function offsetAt(t: number, timeZone: string): number {
  const floored = Math.floor(t / MINUTE) * MINUTE;
  return wallClock(floored, timeZone) - floored;
}

/** The instant a local date and "HH:MM" fall at (two passes settle daylight-saving edges). */
export function localToInstant(date: string, hhmm: string, timeZone: string): number {
  const naive = Date.parse(`${date}T${hhmm}:00Z`);
  const first = naive - offsetAt(naive, timeZone);
  return naive - offsetAt(first, timeZone);
}

/** 'YYYY-MM-DD' of instant `t` in `timeZone`. */
export function localDateOf(t: number, timeZone: string): string {
  return new Date(wallClock(t, timeZone)).toISOString().slice(0, 10);
}

export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, of a calendar date. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** RFC 3339 with the zone's offset at that instant, e.g. "2030-01-07T09:00:00+01:00". */
export function formatInZone(t: number, timeZone: string): string {
  const offset = offsetAt(t, timeZone);
  const local = new Date(t + offset).toISOString().slice(0, 19);
  const abs = Math.abs(offset) / MINUTE;
  const sign = offset < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
