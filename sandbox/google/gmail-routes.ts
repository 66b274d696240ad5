// Gmail API v1: users.messages.list, .get and .send.
// https://developers.google.com/gmail/api/reference/rest/v1/users.messages
import type { FakeRequest, FakeResponse, Route } from '../fake-server';
import { requireCaller, requireSelf, type Caller } from './auth-guard';
import type { GoogleContext } from './context';
import { badRequest, fail, notFound } from './errors';
import { compileQuery } from './gmail-query';
import { renderMessage, type MessageFormat } from './gmail-render';
import { decodePageToken, encodePageToken } from './ids';
import { boolParam, enumParam, intParam, jsonBody } from './params';
import { parseAddresses, parseMessage, header } from './rfc822';
import { hasAnyScope, METHOD_SCOPES, SCOPES } from './scopes';

const BASE = '^/gmail/v1/users/(?<userId>[^/]+)/messages';

export function gmailRoutes(ctx: GoogleContext): Route[] {
  return [
    { method: 'GET', pattern: new RegExp(`${BASE}$`), handle: (req) => listMessages(req, ctx) },
    { method: 'POST', pattern: new RegExp(`${BASE}/send$`), handle: (req) => sendMessage(req, ctx) },
    { method: 'GET', pattern: new RegExp(`${BASE}/(?<id>[^/]+)$`), handle: (req) => getMessage(req, ctx) },
  ];
}

function caller(req: FakeRequest, ctx: GoogleContext, scopes: readonly string[]): Caller {
  const c = requireCaller(req, ctx.oauth, scopes);
  requireSelf(c, req.params.userId ?? '');
  return c;
}

/** gmail.metadata is the one scope that cannot search or read bodies. */
const metadataOnly = (c: Caller) => !hasAnyScope(c.token.scopes, [SCOPES.mailGoogle, SCOPES.gmailModify, SCOPES.gmailReadonly]);

function listMessages(req: FakeRequest, ctx: GoogleContext): FakeResponse {
  const c = caller(req, ctx, METHOD_SCOPES.gmailMessagesList);
  const q = req.searchParams;
  const text = q.get('q') ?? '';
  if (text && metadataOnly(c)) fail(403, "Metadata scope does not support 'q' parameter", { reason: 'forbidden' });
  const query = compileQuery(text, ctx.now());
  const withSpamTrash = boolParam(q, 'includeSpamTrash') || query.reachesSpamTrash;
  const labels = q.getAll('labelIds');
  const hits = ctx.gmail
    .messages(c.account.email)
    .filter((m) => withSpamTrash || !m.labelIds.some((l) => l === 'SPAM' || l === 'TRASH'))
    .filter((m) => labels.every((l) => m.labelIds.includes(l)))
    .filter(query.matches)
    .sort((a, b) => b.internalDate - a.internalDate);

  const maxResults = intParam(q, 'maxResults', { def: 100, min: 1, max: 500, clampHigh: true });
  const scope = [...q.entries()]
    .filter(([k]) => k !== 'pageToken' && k !== 'maxResults')
    .sort()
    .join('&');
  const token = q.get('pageToken');
  const offset = token === null ? 0 : (decodePageToken(token, scope) ?? badRequest('Invalid pageToken', 'invalidArgument', 'pageToken'));
  const page = hits.slice(offset, offset + maxResults);
  const more = offset + maxResults < hits.length;
  // An empty result has no "messages" key at all — a classic source of client crashes.
  const body = {
    ...(page.length ? { messages: page.map((m) => ({ id: m.id, threadId: m.threadId })) } : {}),
    ...(more ? { nextPageToken: encodePageToken(offset + maxResults, scope) } : {}),
    resultSizeEstimate: hits.length,
  };
  return { status: 200, body };
}

function getMessage(req: FakeRequest, ctx: GoogleContext): FakeResponse {
  const c = caller(req, ctx, METHOD_SCOPES.gmailMessagesGet);
  const id = req.params.id ?? '';
  if (!/^[0-9a-f]{1,24}$/i.test(id)) badRequest('Invalid id value', 'invalidArgument');
  const format: MessageFormat = enumParam(req.searchParams, 'format', ['minimal', 'full', 'raw', 'metadata'] as const) ?? 'full';
  if ((format === 'full' || format === 'raw') && metadataOnly(c)) {
    fail(403, `Metadata scope doesn't allow format ${format.toUpperCase()}`, { reason: 'forbidden' });
  }
  const msg = ctx.gmail.find(c.account.email, id) ?? notFound('Requested entity was not found.');
  return { status: 200, body: renderMessage(msg, format, req.searchParams.getAll('metadataHeaders')) };
}

function sendMessage(req: FakeRequest, ctx: GoogleContext): FakeResponse {
  const c = caller(req, ctx, METHOD_SCOPES.gmailMessagesSend);
  const body = jsonBody(req.json, req.rawBody);
  if (typeof body.raw !== 'string' || body.raw === '') {
    badRequest("'raw' RFC822 payload message string or uploading message via /upload/* URL required", 'invalidArgument');
  }
  // Gmail documents base64url but also accepts the standard alphabet; Node's decoder takes both.
  const raw = Buffer.from(body.raw, 'base64').toString('utf8');
  const mime = parseMessage(raw);
  for (const name of ['To', 'Cc', 'Bcc']) {
    const value = header(mime.headers, name);
    if (value !== undefined && value.trim() !== '' && parseAddresses(value).length === 0) badRequest(`Invalid ${name} header`, 'invalidArgument');
  }
  if (!['to', 'cc', 'bcc'].some((n) => parseAddresses(header(mime.headers, n)).length > 0)) {
    badRequest('Recipient address required', 'invalidArgument');
  }
  const threadId = typeof body.threadId === 'string' ? body.threadId : undefined;
  if (threadId && !ctx.gmail.messages(c.account.email).some((m) => m.threadId === threadId)) {
    notFound('Requested entity was not found.');
  }
  const stored = ctx.gmail.send(c.account.email, raw, threadId);
  return { status: 200, body: { id: stored.id, threadId: stored.threadId, labelIds: stored.labelIds } };
}
