// Calendar API v3 events.get: one event by id, cancelled (deleted) ones included, as Google
// answers. 404 when the calendar has no such id.
// https://developers.google.com/workspace/calendar/api/v3/reference/events/get
import type { FakeRequest, FakeResponse, Route } from '../fake-server';
import { requireCaller } from './auth-guard';
import type { GoogleContext } from './context';
import { notFound } from './errors';
import { METHOD_SCOPES } from './scopes';

const EVENT_PATH = /^\/calendar\/v3\/calendars\/(?<calendarId>[^/]+)\/events\/(?<eventId>[^/]+)$/;

export function calendarGetRoutes(ctx: GoogleContext): Route[] {
  return [{ method: 'GET', pattern: EVENT_PATH, handle: (req) => getEvent(req, ctx) }];
}

function getEvent(req: FakeRequest, ctx: GoogleContext): FakeResponse {
  const { account } = requireCaller(req, ctx.oauth, METHOD_SCOPES.calendarEventsList);
  const stored = ctx.calendar.calendar(account.email, req.params.calendarId ?? '') ?? notFound();
  const found = stored.find((s) => s.event.id === req.params.eventId) ?? notFound();
  return { status: 200, body: found.event };
}
