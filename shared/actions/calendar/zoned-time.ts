// Working-hours arithmetic in IANA time zones (wall clocks: ../../wall-clock.ts), so working
// hours follow daylight-saving changes instead of a fixed offset.

import { offsetAt } from '../../wall-clock';

const MINUTE = 60_000;

/** The instant a local date and "HH:MM" fall at (two passes settle daylight-saving edges). */
export function localToInstant(date: string, hhmm: string, timeZone: string): number {
  const naive = Date.parse(`${date}T${hhmm}:00Z`);
  const first = naive - offsetAt(naive, timeZone);
  return naive - offsetAt(first, timeZone);
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
