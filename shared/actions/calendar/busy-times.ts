import { z } from 'zod';
import type { GoogleSession } from '../../connections/google-session';
import { mapGoogleError } from '../../providers/google/google-errors';
import { retryRead } from '../../providers/retry';

// The person's busy times from Calendar's freebusy.query, over the calendars they choose. It only
// reads, so it is retried like any read. A calendar Google could not answer for (not found, not
// shared with the account) is reported by name rather than silently counted as free.
// https://developers.google.com/workspace/calendar/api/v3/reference/freebusy/query

export const BusyPeriod = z.object({ calendar_id: z.string(), start: z.string(), end: z.string() });
export type BusyPeriod = z.infer<typeof BusyPeriod>;

export const UncheckedCalendar = z.object({ calendar_id: z.string(), reason: z.string() });
export type UncheckedCalendar = z.infer<typeof UncheckedCalendar>;

export interface BusyTimes {
  busy: BusyPeriod[];
  unchecked: UncheckedCalendar[];
}

const FreeBusyResponse = z.looseObject({
  calendars: z
    .record(
      z.string(),
      z.looseObject({
        busy: z.array(z.looseObject({ start: z.string(), end: z.string() })).default([]),
        errors: z.array(z.looseObject({ reason: z.string().optional() })).optional(),
      }),
    )
    .default({}),
});

export async function queryBusy(
  session: GoogleSession,
  window: { calendarIds: readonly string[]; timeMin: string; timeMax: string },
  signal: AbortSignal,
): Promise<BusyTimes> {
  const { calendar } = await import('@googleapis/calendar');
  const api = calendar({ version: 'v3', auth: session.auth, ...session.apiOptions });
  const requestBody = { timeMin: window.timeMin, timeMax: window.timeMax, items: window.calendarIds.map((id) => ({ id })) };
  const res = await retryRead(() => api.freebusy.query({ requestBody }, { signal }), mapGoogleError, undefined, { signal });
  const calendars = FreeBusyResponse.parse(res.data).calendars;
  const busy: BusyPeriod[] = [];
  const unchecked: UncheckedCalendar[] = [];
  for (const id of window.calendarIds) {
    const entry = calendars[id];
    const failed = entry?.errors?.[0];
    if (!entry || failed) unchecked.push({ calendar_id: id, reason: failed?.reason ?? 'missing' });
    else busy.push(...entry.busy.map((b) => ({ calendar_id: id, start: b.start, end: b.end })));
  }
  busy.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return { busy, unchecked };
}
