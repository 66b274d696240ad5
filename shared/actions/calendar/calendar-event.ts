import { z } from 'zod';

// Google Calendar Event resource (the fields we read), parsed leniently: Google adds fields.
// https://developers.google.com/workspace/calendar/api/v3/reference/events
const EventTime = z.looseObject({ dateTime: z.string().optional(), date: z.string().optional(), timeZone: z.string().optional() });
export const GoogleEvent = z.looseObject({
  id: z.string(),
  status: z.string().optional(),
  summary: z.string().optional(),
  description: z.string().optional(),
  location: z.string().optional(),
  htmlLink: z.string().optional(),
  start: EventTime.optional(),
  end: EventTime.optional(),
  attendees: z.array(z.looseObject({ email: z.string().optional(), responseStatus: z.string().optional() })).optional(),
});
export type GoogleEvent = z.infer<typeof GoogleEvent>;

export const CalendarEvent = z.object({
  id: z.string(),
  summary: z.string(),
  start: z.string().describe('RFC 3339 date-time, or YYYY-MM-DD for all-day events'),
  end: z.string(),
  all_day: z.boolean(),
  status: z.string(),
  location: z.string().optional(),
  description: z.string().optional(),
  html_link: z.string().optional(),
  attendees: z.array(z.object({ email: z.string(), response_status: z.string().optional() })).optional(),
});
export type CalendarEvent = z.infer<typeof CalendarEvent>;

export function toCalendarEvent(e: GoogleEvent): CalendarEvent {
  const allDay = !e.start?.dateTime && Boolean(e.start?.date);
  return {
    id: e.id,
    summary: e.summary ?? '(no title)',
    start: e.start?.dateTime ?? e.start?.date ?? '',
    end: e.end?.dateTime ?? e.end?.date ?? '',
    all_day: allDay,
    status: e.status ?? 'confirmed',
    location: e.location,
    description: e.description,
    html_link: e.htmlLink,
    attendees: e.attendees?.filter((a) => a.email).map((a) => ({ email: a.email as string, response_status: a.responseStatus })),
  };
}
