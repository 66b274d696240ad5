// Gmail API v1: users.history.list, users.watch, users.stop and users.getProfile.
// https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.history/list
// https://developers.google.com/workspace/gmail/api/reference/rest/v1/users/watch
import type { FakeRequest, FakeResponse, Route } from '../fake-server';
import { requireCaller, requireSelf, type Caller } from './auth-guard';
import type { GoogleContext } from './context';
import { badRequest, notFound } from './errors';
import { decodePageToken, encodePageToken } from './ids';
import { intParam, jsonBody } from './params';
import type { PushState } from './push-state';
import { METHOD_SCOPES } from './scopes';

const USER = '^/gmail/v1/users/(?<userId>[^/]+)';

export function gmailPushRoutes(ctx: GoogleContext, push: PushState): Route[] {
  return [
    { method: 'GET', pattern: new RegExp(`${USER}/history$`), handle: (req) => listHistory(req, ctx, push) },
    { method: 'POST', pattern: new RegExp(`${USER}/watch$`), handle: (req) => watch(req, ctx, push) },
    { method: 'POST', pattern: new RegExp(`${USER}/stop$`), handle: (req) => stop(req, ctx, push) },
    { method: 'GET', pattern: new RegExp(`${USER}/profile$`), handle: (req) => profile(req, ctx) },
  ];
}

function caller(req: FakeRequest, ctx: GoogleContext): Caller {
  const c = requireCaller(req, ctx.oauth, METHOD_SCOPES.gmailMessagesList);
  requireSelf(c, req.params.userId ?? '');
  return c;
}

/** The mailbox's current history id: the latest change (history ids are global in the fake). */
export function currentHistoryId(ctx: GoogleContext, email: string): string {
  return ctx.gmail.messages(email).reduce((max, m) => (BigInt(m.historyId) > BigInt(max) ? m.historyId : max), '4000');
}

function listHistory(req: FakeRequest, ctx: GoogleContext, push: PushState): FakeResponse {
  const c = caller(req, ctx);
  const q = req.searchParams;
  const start = q.get('startHistoryId') ?? '';
  if (!/^\d+$/.test(start)) badRequest('Invalid startHistoryId', 'invalidArgument', 'startHistoryId');
  if (!push.historyAvailable(c.account.email, start)) notFound('Requested entity was not found.');
  const types = q.getAll('historyTypes');
  const label = q.get('labelId');
  const records = ctx.gmail
    .messages(c.account.email)
    .filter((m) => BigInt(m.historyId) > BigInt(start) && (!label || m.labelIds.includes(label)))
    .filter(() => types.length === 0 || types.includes('messageAdded'))
    .sort((a, b) => (BigInt(a.historyId) < BigInt(b.historyId) ? -1 : 1))
    .map((m) => ({
      id: m.historyId,
      messages: [{ id: m.id, threadId: m.threadId }],
      messagesAdded: [{ message: { id: m.id, threadId: m.threadId, labelIds: m.labelIds } }],
    }));
  const maxResults = intParam(q, 'maxResults', { def: 100, min: 1, max: 500, clampHigh: true });
  const scope = [...q.entries()]
    .filter(([k]) => k !== 'pageToken')
    .sort()
    .join('&');
  const token = q.get('pageToken');
  const offset = token === null ? 0 : (decodePageToken(token, scope) ?? badRequest('Invalid pageToken', 'invalidArgument', 'pageToken'));
  const page = records.slice(offset, offset + maxResults);
  const more = offset + maxResults < records.length;
  return {
    status: 200,
    body: {
      ...(page.length ? { history: page } : {}),
      ...(more ? { nextPageToken: encodePageToken(offset + maxResults, scope) } : {}),
      historyId: currentHistoryId(ctx, c.account.email),
    },
  };
}

function watch(req: FakeRequest, ctx: GoogleContext, push: PushState): FakeResponse {
  const c = caller(req, ctx);
  const body = jsonBody(req.json, req.rawBody);
  const topic = typeof body.topicName === 'string' ? body.topicName : '';
  if (!/^projects\/[^/]+\/topics\/[^/]+$/.test(topic)) badRequest('Invalid topicName does not match projects/*/topics/*', 'invalidArgument');
  const labels = Array.isArray(body.labelIds) ? body.labelIds.filter((l): l is string => typeof l === 'string') : [];
  const record = push.watchGmail(c.account.email, topic, labels);
  return { status: 200, body: { historyId: currentHistoryId(ctx, c.account.email), expiration: String(record.expiration) } };
}

function stop(req: FakeRequest, ctx: GoogleContext, push: PushState): FakeResponse {
  const c = caller(req, ctx);
  push.gmailWatches.delete(c.account.email.toLowerCase());
  return { status: 204 };
}

function profile(req: FakeRequest, ctx: GoogleContext): FakeResponse {
  const c = caller(req, ctx);
  const box = ctx.gmail.messages(c.account.email);
  return {
    status: 200,
    body: {
      emailAddress: c.account.email,
      messagesTotal: box.length,
      threadsTotal: new Set(box.map((m) => m.threadId)).size,
      historyId: currentHistoryId(ctx, c.account.email),
    },
  };
}
