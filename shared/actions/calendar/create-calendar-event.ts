import { z } from 'zod';
import { defineAction } from '../define-action';
import { accountField, emailAddress, ianaTimeZone, rfc3339 } from '../common/fields';
import { CALENDAR_EVENTS } from '../../connections/scopes';
import { mapGoogleError } from '../../providers/google/google-errors';
import { previewAccount } from '../preview';
import { CalendarEvent, GoogleEvent, toCalendarEvent } from './calendar-event';

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
    account: accountField,
  })
  .refine((v) => Date.parse(v.end) > Date.parse(v.start), { path: ['end'], message: 'end must be after start' });

const Output = z.object({ account: z.string(), calendar_id: z.string(), event: CalendarEvent });

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
    return {
      kind: 'event',
      runsAs: conn.account,
      title: `Add "${summary}" to your calendar`,
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
      },
    };
  },
  run: async (input, ctx) => {
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
    return { account: session.account.email, calendar_id: input.calendar_id, event: toCalendarEvent(GoogleEvent.parse(res.data)) };
  },
});
