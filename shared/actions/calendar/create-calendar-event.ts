import { z } from 'zod';
import { defineAction } from '../define-action';
import { accountField, emailAddress, ianaTimeZone, rfc3339 } from '../common/fields';
import { CALENDAR_EVENTS } from '../../connections/scopes';
import { mapGoogleError } from '../../providers/google/google-errors';
import { previewAccount, type PreviewContext } from '../preview';
import type { ActionContext } from '../../runtime/context';
import { CalendarEventsCache, type CalendarRef } from './events-cache';
import { CalendarEvent, GoogleEvent, toCalendarEvent } from './calendar-event';
import { calendarIdField } from './busy-times';
import { ConflictReport, conflictSummary, findConflicts, refuseUnlessClear } from './event-conflicts';
import { toAppError } from '../../errors';

const Input = z
  .strictObject({
    summary: z.string().trim().min(1).max(1024).describe('Title. Example: "Lunch with Ana"'),
    start: rfc3339('Start time'),
    end: rfc3339('End time; must be after start'),
    time_zone: ianaTimeZone.optional().describe('IANA time zone for the event, e.g. "Europe/Paris". Defaults to the calendar\'s.'),
    description: z.string().max(8192).optional().describe('Longer notes shown in the event.'),
    location: z.string().max(1024).optional().describe('Where it happens: an address or a meeting link.'),
    attendees: z.array(emailAddress).max(100).optional().describe('Email addresses to invite.'),
    send_updates: z.enum(['all', 'externalOnly', 'none']).default('none').describe('Whether Google emails the invitation to attendees.'),
    calendar_id: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[^\r\n/]+$/)
      .default('primary')
      .describe('Calendar id; "primary" is the account\'s main calendar.'),
    conflict_calendars: z
      .array(calendarIdField)
      .min(1)
      .max(20)
      .default(['primary'])
      .describe('Calendars whose busy times count as conflicts (default: the primary calendar).'),
    if_conflict: z
      .enum(['create_anyway', 'refuse'])
      .default('create_anyway')
      .describe('"refuse": create nothing when the event overlaps a busy time (or conflicts cannot be checked).'),
    account: accountField,
  })
  .refine((v) => Date.parse(v.end) > Date.parse(v.start), { path: ['end'], message: 'end must be after start' });

const Output = z.object({ account: z.string(), calendar_id: z.string(), event: CalendarEvent, conflicts: ConflictReport });

export const createCalendarEvent = defineAction({
  name: 'create_calendar_event',
  description: "Create an event in the user's Google Calendar.",
  input: Input,
  output: Output,
  provider: 'google',
  scopes: [CALENDAR_EVENTS],
  effect: 'write',
  successStatus: 201,
  preview: async (input, ctx) => {
    const account = (await previewAccount(ctx, 'google', [CALENDAR_EVENTS], input.account)).email;
    const { summary, start, end, time_zone, location, description, attendees, send_updates, calendar_id } = input;
    const conflicts = await previewConflicts(input, ctx);
    return {
      kind: 'event',
      title: `Add "${summary}" to your calendar (${conflictSummary(conflicts)})`,
      details: {
        account,
        calendar_id,
        summary,
        start,
        end,
        time_zone: time_zone ?? null,
        location: location ?? null,
        description: description ?? null,
        attendees: attendees ?? [],
        send_updates,
        if_conflict: input.if_conflict,
        conflicts,
      },
    };
  },
  run: async (input, ctx) => {
    const conflicts = await findConflicts(ctx.clients, conflictQuery(input), ctx.signal);
    if (input.if_conflict === 'refuse') refuseUnlessClear(conflicts);
    const session = await ctx.clients.google([CALENDAR_EVENTS], input.account);
    const { calendar } = await import('@googleapis/calendar');
    const api = calendar({ version: 'v3', auth: session.auth, ...session.apiOptions });
    // https://developers.google.com/workspace/calendar/api/v3/reference/events/insert — a write:
    // never retried here (a retry could create the event twice).
    const res = await api.events
      .insert(
        {
          calendarId: input.calendar_id,
          sendUpdates: input.send_updates,
          requestBody: {
            summary: input.summary,
            description: input.description,
            location: input.location,
            start: { dateTime: input.start, timeZone: input.time_zone },
            end: { dateTime: input.end, timeZone: input.time_zone },
            attendees: input.attendees?.map((email) => ({ email })),
          },
        },
        { signal: ctx.signal },
      )
      .catch((e: unknown) => {
        throw mapGoogleError(e);
      });
    const event = toCalendarEvent(GoogleEvent.parse(res.data));
    await dropCachedReads(ctx, { uid: ctx.user.uid, account: session.account.email, calendarId: input.calendar_id });
    return { account: session.account.email, calendar_id: input.calendar_id, event, conflicts };
  },
});

type Parsed = z.infer<typeof Input>;

/**
 * Our own write makes cached reads of that calendar stale. The event exists already, so a failure
 * here must not fail the call (a retry would create it twice): cached reads then age out (≤ 5 min).
 */
async function dropCachedReads(ctx: ActionContext, ref: CalendarRef): Promise<void> {
  try {
    await new CalendarEventsCache(ctx.stores.db, () => ctx.clock.now().getTime()).invalidate(ref);
  } catch (e) {
    ctx.log.warn('calendar cache not invalidated after a write', { error: toAppError(e).code });
  }
}

const conflictQuery = (input: Parsed) => ({
  account: input.account,
  calendars: input.conflict_calendars,
  start: input.start,
  end: input.end,
  required: input.if_conflict === 'refuse',
});

/** Conflicts as of now, for the person deciding; a failure to check is said, not hidden or fatal. */
async function previewConflicts(input: Parsed, ctx: PreviewContext): Promise<ConflictReport> {
  const base = { checked: false, calendars: input.conflict_calendars, overlaps: [], unchecked: [] };
  if (!ctx.clients) return { ...base, note: 'Busy times are checked when the event is created.' };
  try {
    return await findConflicts(ctx.clients, conflictQuery(input), ctx.signal ?? AbortSignal.timeout(10_000));
  } catch (e) {
    return { ...base, note: `Busy times could not be checked now (${toAppError(e).message}); they are checked again when the event is created.` };
  }
}
