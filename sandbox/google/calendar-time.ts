// Time arithmetic for Calendar: RFC 3339 checks and turning an EventDateTime (dateTime with an
// offset, local dateTime + IANA timeZone, or all-day date) into an instant, without dependencies.
import type { EventDateTime } from './calendar-store';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

export const isRfc3339 = (s: string) => RFC3339.test(s) && !Number.isNaN(Date.parse(s));
export const isLocalDateTime = (s: string) => LOCAL.test(s);

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Offset of `tz` from UTC at instant `epochMs`, in minutes (e.g. +120 for CEST). */
export function zoneOffsetMinutes(epochMs: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(epochMs);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** A wall-clock time in `tz` as an instant (two passes settle DST edges). */
export function localToEpoch(local: string, tz: string): number {
  const naive = Date.parse(`${local}Z`);
  let epoch = naive - zoneOffsetMinutes(naive, tz) * 60_000;
  epoch = naive - zoneOffsetMinutes(epoch, tz) * 60_000;
  return epoch;
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z']);

/** An instant as Calendar writes it for a zone: seconds precision, the zone's offset ("Z" in UTC). */
export function formatInZone(epochMs: number, tz: string): string {
  const offset = zoneOffsetMinutes(epochMs, tz);
  const local = new Date(Math.floor(epochMs / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  return `${local}${UTC_ZONES.has(tz) ? 'Z' : formatOffset(offset)}`;
}

/** Instant at which an event boundary falls; all-day dates count in `defaultTz`. */
export function toEpoch(t: EventDateTime, defaultTz: string): number {
  if (t.dateTime) {
    return isRfc3339(t.dateTime) ? Date.parse(t.dateTime) : localToEpoch(t.dateTime, t.timeZone ?? defaultTz);
  }
  return localToEpoch(`${t.date ?? '1970-01-01'}T00:00:00`, t.timeZone ?? defaultTz);
}
