import { z } from 'zod';
import { defineAction } from '../define-action';
import { accountField, ianaTimeZone, rfc3339 } from '../common/fields';
import { CALENDAR_READONLY } from '../../connections/scopes';
import type { GoogleSession } from '../../connections/google-session';
import { mapGoogleError } from '../../providers/google/google-errors';
import { retryRead } from '../../providers/retry';
import { queryBusy, UncheckedCalendar } from './busy-times';
import { calendarIdField, checkTimeWindow } from './calendar-fields';
import { freeSlots } from './free-slots';

const DAY_MS = 86_400_000;
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM (24-hour)' });
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const Input = z
  .strictObject({
    duration_minutes: z.int().min(5).max(480).describe('Length of each proposed slot, in minutes (5–480).'),
    days_ahead: z.int().min(1).max(31).optional().describe('Search from now this many days ahead (1–31, default 7). Do not combine with time_min/time_max.'),
    time_min: rfc3339('Start of an explicit search window').optional(),
    time_max: rfc3339('End of an explicit search window; required with time_min; at most 31 days after it').optional(),
    working_hours_start: HHMM.default('09:00').describe('Start of the working day, local time (default "09:00").'),
    working_hours_end: HHMM.default('17:00').describe('End of the working day, local time (default "17:00").'),
    working_days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .max(7)
      .default(['mon', 'tue', 'wed', 'thu', 'fri'])
      .describe('Days that count as working days (default Monday to Friday).'),
    time_zone: ianaTimeZone.optional().describe("IANA time zone of the working hours; defaults to the primary calendar's."),
    calendars: z.array(calendarIdField).min(1).max(20).default(['primary']).describe('Calendars whose busy times count (default: primary).'),
    max_results: z.int().min(1).max(50).default(10).describe('How many slots to propose at most (1–50, default 10).'),
    account: accountField,
  })
  .superRefine((v, ctx) => {
    checkTimeWindow(v, ctx, 31);
    if (v.working_hours_end <= v.working_hours_start)
      ctx.addIssue({ code: 'custom', path: ['working_hours_end'], message: 'working_hours_end must be after working_hours_start' });
  });

const Output = z.object({
  account: z.string(),
  time_zone: z.string(),
  time_min: z.string(),
  time_max: z.string(),
  duration_minutes: z.number(),
  calendars: z.array(z.string()),
  slots: z.array(z.object({ start: z.string(), end: z.string() })),
  unchecked: z.array(UncheckedCalendar).describe('Calendars Google could not answer for; their busy times were not considered.'),
});

const CalendarResource = z.looseObject({ timeZone: z.string() });

export const findFreeTime = defineAction({
  name: 'find_free_time',
  description:
    "Propose free time slots of a given length in the user's Google Calendar, within working hours in their time zone, avoiding busy times of the chosen calendars.",
  input: Input,
  output: Output,
  provider: 'google',
  scopes: [CALENDAR_READONLY],
  effect: 'read',
  run: async (input, ctx) => {
    const session = await ctx.clients.google([CALENDAR_READONLY], input.account, { readOnly: true });
    const now = ctx.clock.now().getTime();
    const from = input.time_min ? Date.parse(input.time_min) : now;
    const to = input.time_max ? Date.parse(input.time_max) : now + (input.days_ahead ?? 7) * DAY_MS;
    const timeMin = new Date(from).toISOString();
    const timeMax = new Date(to).toISOString();
    const [timeZone, busy] = await Promise.all([
      input.time_zone ?? calendarTimeZone(session, ctx.signal),
      queryBusy(session, { calendarIds: input.calendars, timeMin, timeMax }, ctx.signal),
    ]);
    const slots = freeSlots({
      from: Math.max(from, now),
      to,
      durationMs: input.duration_minutes * 60_000,
      timeZone,
      workStart: input.working_hours_start,
      workEnd: input.working_hours_end,
      workDays: input.working_days.map((d) => WEEKDAYS.indexOf(d)),
      busy: busy.busy.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) })),
      max: input.max_results,
    });
    const { duration_minutes, calendars } = input;
    return {
      account: session.account.email,
      time_zone: timeZone,
      time_min: timeMin,
      time_max: timeMax,
      duration_minutes,
      calendars,
      slots,
      unchecked: busy.unchecked,
    };
  },
});

/** The primary calendar's own time zone: the person's working hours are meant in it. */
async function calendarTimeZone(session: GoogleSession, signal: AbortSignal): Promise<string> {
  const { calendar } = await import('@googleapis/calendar');
  const api = calendar({ version: 'v3', auth: session.auth, ...session.apiOptions });
  // https://developers.google.com/workspace/calendar/api/v3/reference/calendars/get
  const res = await retryRead(() => api.calendars.get({ calendarId: 'primary' }, { signal }), mapGoogleError, undefined, { signal });
  return CalendarResource.parse(res.data).timeZone;
}
