import { z } from 'zod';
import { defineAction } from '../define-action';
import { accountField, emailAddress, ianaTimeZone, rfc3339 } from '../common/fields';
import { CALENDAR_EVENTS } from '../../connections/scopes';
import { mapGoogleError } from '../../providers/google/google-errors';
import { previewAccount, type PreviewContext } from '../preview';
import type { ActionContext } from '../../runtime/context';
import { CalendarEventsCache, type CalendarRef } from './events-cache';
import { CalendarEvent, GoogleEvent, toCalendarEvent } from './calendar-event';
import { calendarIdField, calendarIdInput } from './calendar-fields';
import { ConflictReport, conflictSummary, findConflicts, refuseUnlessClear } from './event-conflicts';
import { beforeSending, toAppError } from '../../errors';
import { calendarApi, findEvent } from './calendar-api';
import { calendarEventId } from '../common/effect-ids';

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
    calendar_id: calendarIdInput,
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
    const conn = await previewAccount(ctx, 'google', [CALENDAR_EVENTS], input.account);
    const account = conn.email;
    const { summary, start, end, time_zone, location, description, attendees, send_updates, calendar_id } = input;
    const conflicts = await previewConflicts(input, ctx);
    return {
      kind: 'event',
      runsAs: conn.account,
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
    const session = await ctx.clients.google([CALENDAR_EVENTS], input.account).catch((e: unknown) => {
      throw beforeSending(e);
    });
    const api = await calendarApi(session);
    // An effect's event has an id of our choosing: a repeat of the insert is a 409, never a twin.
    const id = ctx.effect ? calendarEventId(ctx.effect.id) : undefined;
    // https://developers.google.com/workspace/calendar/api/v3/reference/events/insert — a write:
    // never retried here.
    const res = await api.events
      .insert({ calendarId: input.calendar_id, sendUpdates: input.send_updates, requestBody: { id, ...eventBody(input) } }, { signal: ctx.signal })
      .catch(async (e: unknown) => {
        const err = mapGoogleError(e);
        // 409 duplicate for our own id: an earlier attempt of this effect created it. Return that one.
        const existing = id && err.code === 'conflict' ? await findEvent(api, input.calendar_id, id, ctx.signal) : undefined;
        if (existing) return { data: existing };
        throw err;
      });
    const event = toCalendarEvent(GoogleEvent.parse(res.data));
    await dropCachedReads(ctx, { uid: ctx.user.uid, account: session.account.email, calendarId: input.calendar_id });
    return { account: session.account.email, calendar_id: input.calendar_id, event, conflicts };
  },
  once: {
    find: async (input, ctx, effect) => {
      const session = await ctx.clients.google([CALENDAR_EVENTS], input.account);
      const found = await findEvent(await calendarApi(session), input.calendar_id, calendarEventId(effect.id), ctx.signal);
      if (!found) return undefined;
      const conflicts = {
        checked: false,
        calendars: input.conflict_calendars,
        overlaps: [],
        unchecked: [],
        note: 'Found after an interrupted attempt; busy times were checked then.',
      };
      return { account: session.account.email, calendar_id: input.calendar_id, event: toCalendarEvent(found), conflicts };
    },
    providerId: (output) => output.event.id,
  },
});

function eventBody(input: z.infer<typeof Input>) {
  return {
    summary: input.summary,
    description: input.description,
    location: input.location,
    start: { dateTime: input.start, timeZone: input.time_zone },
    end: { dateTime: input.end, timeZone: input.time_zone },
    attendees: input.attendees?.map((email) => ({ email })),
  };
}

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
