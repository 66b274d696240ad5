// Calendar API v3: events.watch and channels.stop.
// https://developers.google.com/workspace/calendar/api/v3/reference/events/watch
// https://developers.google.com/workspace/calendar/api/v3/reference/channels/stop
import type { FakeRequest, FakeResponse, Route } from '../fake-server';
import { requireCaller } from './auth-guard';
import type { GoogleContext } from './context';
import { badRequest, notFound } from './errors';
import { jsonBody } from './params';
import type { PushState } from './push-state';
import { METHOD_SCOPES } from './scopes';

export function calendarWatchRoutes(ctx: GoogleContext, push: PushState): Route[] {
  return [
    { method: 'POST', pattern: /^\/calendar\/v3\/calendars\/(?<calendarId>[^/]+)\/events\/watch$/, handle: (req) => watchEvents(req, ctx, push) },
    { method: 'POST', pattern: /^\/calendar\/v3\/channels\/stop$/, handle: (req) => stopChannel(req, ctx, push) },
  ];
}

// Google only delivers to https; the fake also allows loopback http so tests can receive.
const deliverable = (address: string) => /^https:\/\//.test(address) || /^http:\/\/127\.0\.0\.1[:/]/.test(address);

function watchEvents(req: FakeRequest, ctx: GoogleContext, push: PushState): FakeResponse {
  const { account } = requireCaller(req, ctx.oauth, METHOD_SCOPES.calendarEventsList);
  const calendarId = ctx.calendar.resolveId(account.email, req.params.calendarId ?? '');
  if (!ctx.calendar.calendar(account.email, calendarId)) notFound();
  const body = jsonBody(req.json, req.rawBody);
  const id = typeof body.id === 'string' ? body.id : '';
  const address = typeof body.address === 'string' ? body.address : '';
  if (!/^[A-Za-z0-9\-_+/=]{1,64}$/.test(id)) badRequest('Invalid channel id.', 'invalid');
  if (body.type !== 'web_hook') badRequest('Invalid channel type.', 'invalid');
  if (!deliverable(address)) badRequest(`WebHook callback must be HTTPS: ${address}`, 'push.webhookUrlNotHttps');
  if (push.calendarChannels.has(id)) badRequest(`Channel id ${id} not unique`, 'channelIdNotUnique');
  const params = (body.params ?? {}) as Record<string, unknown>;
  const ttlSec = typeof params.ttl === 'string' ? Number(params.ttl) : undefined;
  const token = typeof body.token === 'string' ? body.token : undefined;
  const c = push.openChannel({ id, email: account.email.toLowerCase(), calendarId, address, token, ttlSec });
  return {
    status: 200,
    body: {
      kind: 'api#channel',
      id,
      resourceId: c.resourceId,
      resourceUri: `https://www.googleapis.com/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events?alt=json`,
      ...(token ? { token } : {}),
      expiration: String(c.expiration),
    },
  };
}

function stopChannel(req: FakeRequest, ctx: GoogleContext, push: PushState): FakeResponse {
  requireCaller(req, ctx.oauth, METHOD_SCOPES.calendarEventsList);
  const body = jsonBody(req.json, req.rawBody);
  const c = typeof body.id === 'string' ? push.calendarChannels.get(body.id) : undefined;
  if (!c || c.stopped || c.resourceId !== body.resourceId) notFound(`Channel '${String(body.id)}' not found for project`);
  c.stopped = true;
  return { status: 204 };
}
