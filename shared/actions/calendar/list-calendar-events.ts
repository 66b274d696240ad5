import { z } from 'zod';
import { defineAction } from '../define-action';
import { accountField, rfc3339 } from '../common/fields';
import { CALENDAR_EVENTS_READONLY } from '../../connections/scopes';
import { retryRead } from '../../providers/retry';
import { mapGoogleError } from '../../providers/google/google-errors';
import { CalendarEvent, GoogleEvent, toCalendarEvent } from './calendar-event';
import { calendarIdInput, checkTimeWindow } from './calendar-fields';
import { CALENDAR_CACHE_MAX_AGE_MS, CalendarEventsCache } from './events-cache';
import type { ActionContext } from '../../runtime/context';
import type { GoogleSession } from '../../connections/google-session';

const DAY_MS = 86_400_000;

const Input = z
  .strictObject({
    days_ahead: z.int().min(1).max(365).optional().describe('Look this many days ahead from now (1–365, default 7). Do not combine with time_min/time_max.'),
    time_min: rfc3339('Start of an explicit window (inclusive)').optional(),
    time_max: rfc3339('End of an explicit window (exclusive); required with time_min').optional(),
    max_results: z.int().min(1).max(250).default(10).describe('Maximum number of events to return (1–250, default 10).'),
    calendar_id: calendarIdInput,
    max_age_seconds: z
      .int()
      .min(0)
      .max(300)
      .default(300)
      .describe('Accept a cached answer up to this old (0–300 s, default 300); 0 asks Google and bypasses the cache.'),
    account: accountField,
  })
  .superRefine((v, ctx) => checkTimeWindow(v, ctx, 366));

const Output = z.object({
  account: z.string(),
  calendar_id: z.string(),
  time_min: z.string(),
  time_max: z.string(),
  // The model needs it to turn "tomorrow at noon" into an instant with the person's offset.
  time_zone: z.string().optional().describe('The calendar\'s IANA time zone, e.g. "Europe/Paris".'),
  events: z.array(CalendarEvent),
  cache: z
    .object({ hit: z.boolean(), cached_at: z.string(), age_seconds: z.number() })
    .describe('Whether this answer came from the 5-minute cache, and how old it is (time_min/time_max are as of cached_at).'),
});

type Input = z.infer<typeof Input>;
type Listing = Omit<z.infer<typeof Output>, 'cache'>;

const ListResponse = z.looseObject({ timeZone: z.string().optional(), items: z.array(GoogleEvent).default([]) });

export const listCalendarEvents = defineAction({
  name: 'list_calendar_events',
  description: "List upcoming events from the user's Google Calendar, expanded into single events and ordered by start time.",
  input: Input,
  output: Output,
  provider: 'google',
  scopes: [CALENDAR_EVENTS_READONLY],
  effect: 'read',
  run: async (input, ctx) => {
    const session = await ctx.clients.google([CALENDAR_EVENTS_READONLY], input.account, { readOnly: true });
    if (input.max_age_seconds === 0) {
      // Asked for Google's answer as it stands: no cache round trips at all.
      const now = ctx.clock.now().getTime();
      return { ...(await fetchEvents(input, ctx, session)), cache: cacheInfo(false, now, now) };
    }
    const cache = new CalendarEventsCache(ctx.stores.db, () => ctx.clock.now().getTime());
    const ref = { uid: ctx.user.uid, account: session.account.email, calendarId: input.calendar_id };
    // The query as asked (a days_ahead window is re-based on now only when fetched again).
    const query = JSON.stringify([input.days_ahead ?? null, input.time_min ?? null, input.time_max ?? null, input.max_results]);
    const connection = await ctx.stores.connections.ref(ctx.user.uid, 'google', session.account.email);
    const found = await cache.lookup<Listing>(ref, query, input.max_age_seconds * 1000, connection);
    const now = ctx.clock.now().getTime();
    if (found.hit) return { ...found.hit.value, cache: cacheInfo(true, found.hit.cachedAt, now) };
    const listing = await fetchEvents(input, ctx, session);
    const cachedAt = await cache.store(ref, query, found.generation, listing);
    return { ...listing, cache: cacheInfo(false, cachedAt, now) };
  },
});

async function fetchEvents(input: Input, ctx: ActionContext, session: GoogleSession): Promise<Listing> {
  const { calendar } = await import('@googleapis/calendar');
  const api = calendar({ version: 'v3', auth: session.auth, ...session.apiOptions });
  const now = ctx.clock.now().getTime();
  const timeMin = input.time_min ?? new Date(now).toISOString();
  const timeMax = input.time_max ?? new Date(now + (input.days_ahead ?? 7) * DAY_MS).toISOString();
  // https://developers.google.com/workspace/calendar/api/v3/reference/events/list
  const res = await retryRead(
    () =>
      api.events.list(
        { calendarId: input.calendar_id, timeMin, timeMax, maxResults: input.max_results, singleEvents: true, orderBy: 'startTime' },
        { signal: ctx.signal },
      ),
    mapGoogleError,
    undefined,
    { signal: ctx.signal },
  );
  const list = ListResponse.parse(res.data);
  return {
    account: session.account.email,
    calendar_id: input.calendar_id,
    time_min: timeMin,
    time_max: timeMax,
    time_zone: list.timeZone,
    events: list.items.map(toCalendarEvent),
  };
}

function cacheInfo(hit: boolean, cachedAt: number, now: number) {
  const age = Math.max(0, Math.min(now - cachedAt, CALENDAR_CACHE_MAX_AGE_MS));
  return { hit, cached_at: new Date(cachedAt).toISOString(), age_seconds: Math.round(age / 1000) };
}
