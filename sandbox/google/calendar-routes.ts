// Calendar API v3: events.list and events.insert.
// https://developers.google.com/calendar/api/v3/reference/events/list
// https://developers.google.com/calendar/api/v3/reference/events/insert
import type { FakeRequest, FakeResponse, Route } from '../fake-server';
import { requireCaller } from './auth-guard';
import type { StoredEvent } from './calendar-store';
import { changedEvents, listWindow, responseZone } from './calendar-list';
import { validateEventBody } from './calendar-validate';
import type { GoogleContext } from './context';
import { badRequest, fail, notFound } from './errors';
import { calendarEtag, decodePageToken, encodePageToken } from './ids';
import { enumParam, intParam } from './params';
import { METHOD_SCOPES } from './scopes';

const EVENTS_PATH = /^\/calendar\/v3\/calendars\/(?<calendarId>[^/]+)\/events$/;
const SYNC_INCOMPATIBLE = ['iCalUID', 'orderBy', 'privateExtendedProperty', 'q', 'sharedExtendedProperty', 'timeMin', 'timeMax', 'updatedMin'];

export function calendarRoutes(ctx: GoogleContext): Route[] {
  return [
    { method: 'GET', pattern: EVENTS_PATH, handle: (req) => listEvents(req, ctx) },
    { method: 'POST', pattern: EVENTS_PATH, handle: (req) => insertEvent(req, ctx) },
  ];
}

function listEvents(req: FakeRequest, ctx: GoogleContext): FakeResponse {
  const { account } = requireCaller(req, ctx.oauth, METHOD_SCOPES.calendarEventsList);
  const calendarId = req.params.calendarId ?? '';
  const stored = ctx.calendar.calendar(account.email, calendarId) ?? notFound();
  const q = req.searchParams;
  const maxResults = intParam(q, 'maxResults', { def: 250, min: 1, max: 2500, clampHigh: true });
  const scope = { calendarTz: account.timeZone, zone: responseZone(q, account.timeZone) };
  const matching = q.has('syncToken') ? changedEvents(changedSince(stored, q), q, scope) : listWindow(stored, q, scope);

  const pageScope = [...q.entries()]
    .filter(([k]) => k !== 'pageToken')
    .sort()
    .join('&');
  const pageToken = q.get('pageToken');
  const offset = pageToken === null ? 0 : (decodePageToken(pageToken, pageScope) ?? badRequest('Invalid page token value.', 'invalid', 'pageToken'));
  const page = matching.slice(offset, offset + maxResults);
  const more = offset + maxResults < matching.length;
  const updated = stored.reduce((max, s) => (s.event.updated > max ? s.event.updated : max), new Date(0).toISOString());
  return {
    status: 200,
    body: {
      kind: 'calendar#events',
      etag: calendarEtag(ctx.calendar.currentVersion),
      summary: ctx.calendar.resolveId(account.email, calendarId),
      updated,
      timeZone: scope.zone,
      accessRole: 'owner',
      defaultReminders: [{ method: 'popup', minutes: 10 }],
      ...(more ? { nextPageToken: encodePageToken(offset + maxResults, pageScope) } : { nextSyncToken: syncToken(ctx.calendar.currentVersion) }),
      items: page,
    },
  };
}

/** Incremental sync: everything written after the token, deletions included. */
function changedSince(stored: StoredEvent[], q: URLSearchParams): StoredEvent[] {
  const clash = SYNC_INCOMPATIBLE.find((p) => q.has(p));
  if (clash) badRequest(`Sync token cannot be used with ${clash}.`, 'invalid', clash);
  const version = parseSyncToken(q.get('syncToken') ?? '');
  // Calendar's answer to a stale token: 410 with reason fullSyncRequired in the calendar domain.
  if (version === undefined) {
    fail(410, 'Sync token is no longer valid, a full sync is required.', {
      domain: 'calendar',
      reason: 'fullSyncRequired',
      location: 'syncToken',
      locationType: 'parameter',
    });
  }
  return stored.filter((s) => s.version > version);
}

function insertEvent(req: FakeRequest, ctx: GoogleContext): FakeResponse {
  const { account } = requireCaller(req, ctx.oauth, METHOD_SCOPES.calendarEventsInsert);
  const calendarId = req.params.calendarId ?? '';
  const stored = ctx.calendar.calendar(account.email, calendarId) ?? notFound();
  const sendUpdates = enumParam(req.searchParams, 'sendUpdates', ['all', 'externalOnly', 'none'] as const);
  const input = validateEventBody(req.json, req.rawBody, account.timeZone);
  // A client-chosen id makes inserts idempotent: a retry of the same insert gets 409, not a twin.
  if (input.id && stored.some((s) => s.event.id === input.id)) {
    fail(409, 'The requested identifier already exists.', { reason: 'duplicate' });
  }
  const event = ctx.calendar.insert(account.email, calendarId, input, sendUpdates);
  return { status: 200, body: event };
}

const syncToken = (version: number) => `CP${Buffer.from(`v1:${version}`).toString('base64url')}=`;

function parseSyncToken(token: string): number | undefined {
  const m = /^CP([A-Za-z0-9_-]+)=$/.exec(token);
  const decoded = m?.[1] ? Buffer.from(m[1], 'base64url').toString('utf8') : '';
  const v = /^v1:(\d+)$/.exec(decoded)?.[1];
  return v === undefined ? undefined : Number(v);
}
