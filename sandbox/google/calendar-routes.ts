// Calendar API v3: events.list and events.insert.
// https://developers.google.com/calendar/api/v3/reference/events/list
// https://developers.google.com/calendar/api/v3/reference/events/insert
import type { FakeRequest, FakeResponse, Route } from '../fake-server';
import { requireCaller } from './auth-guard';
import type { StoredEvent } from './calendar-store';
import { isRfc3339, toEpoch } from './calendar-time';
import { validateEventBody } from './calendar-validate';
import type { GoogleContext } from './context';
import { badRequest, fail, notFound } from './errors';
import { calendarEtag, decodePageToken, encodePageToken } from './ids';
import { boolParam, enumParam, intParam } from './params';
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
  const matching = q.has('syncToken') ? changedSince(stored, q) : filterEvents(stored, q, account.timeZone);

  const scope = [...q.entries()]
    .filter(([k]) => k !== 'pageToken')
    .sort()
    .join('&');
  const pageToken = q.get('pageToken');
  const offset = pageToken === null ? 0 : (decodePageToken(pageToken, scope) ?? badRequest('Invalid page token value.', 'invalid', 'pageToken'));
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
      timeZone: account.timeZone,
      accessRole: 'owner',
      defaultReminders: [{ method: 'popup', minutes: 10 }],
      ...(more ? { nextPageToken: encodePageToken(offset + maxResults, scope) } : { nextSyncToken: syncToken(ctx.calendar.currentVersion) }),
      items: page.map((s) => s.event),
    },
  };
}

function filterEvents(stored: StoredEvent[], q: URLSearchParams, tz: string): StoredEvent[] {
  const timeMin = instantParam(q, 'timeMin');
  const timeMax = instantParam(q, 'timeMax');
  if (timeMin !== undefined && timeMax !== undefined && timeMax <= timeMin) {
    fail(400, 'The specified time range is empty.', { reason: 'timeRangeEmpty' });
  }
  const orderBy = enumParam(q, 'orderBy', ['startTime', 'updated'] as const);
  if (orderBy === 'startTime' && !boolParam(q, 'singleEvents')) {
    badRequest('The requested ordering is not available for the particular query.');
  }
  const showDeleted = boolParam(q, 'showDeleted');
  const text = q.get('q')?.toLowerCase();
  const hits = stored.filter(({ event: e }) => {
    if (e.status === 'cancelled' && !showDeleted) return false;
    // Overlap semantics from the reference: end > timeMin and start < timeMax.
    if (timeMin !== undefined && toEpoch(e.end, tz) <= timeMin) return false;
    if (timeMax !== undefined && toEpoch(e.start, tz) >= timeMax) return false;
    return !text || [e.summary, e.description, e.location].some((f) => f?.toLowerCase().includes(text));
  });
  if (orderBy === 'startTime') return hits.sort((a, b) => toEpoch(a.event.start, tz) - toEpoch(b.event.start, tz));
  if (orderBy === 'updated') return hits.sort((a, b) => a.event.updated.localeCompare(b.event.updated));
  return hits;
}

/** Incremental sync: everything written after the token, deletions included. */
function changedSince(stored: StoredEvent[], q: URLSearchParams): StoredEvent[] {
  const clash = SYNC_INCOMPATIBLE.find((p) => q.has(p));
  if (clash) badRequest(`Sync token cannot be used with ${clash}.`, 'invalid', clash);
  const version = parseSyncToken(q.get('syncToken') ?? '');
  if (version === undefined) fail(410, 'Sync token is no longer valid, a full sync is required.', { reason: 'fullSyncRequired' });
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

function instantParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (!isRfc3339(raw)) badRequest('Bad Request', 'badRequest', name);
  return Date.parse(raw);
}

const syncToken = (version: number) => `CP${Buffer.from(`v1:${version}`).toString('base64url')}=`;

function parseSyncToken(token: string): number | undefined {
  const m = /^CP([A-Za-z0-9_-]+)=$/.exec(token);
  const decoded = m?.[1] ? Buffer.from(m[1], 'base64url').toString('utf8') : '';
  const v = /^v1:(\d+)$/.exec(decoded)?.[1];
  return v === undefined ? undefined : Number(v);
}
