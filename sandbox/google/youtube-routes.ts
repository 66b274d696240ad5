// YouTube Data API v3: search.list over the deterministic catalog.
// https://developers.google.com/youtube/v3/docs/search/list
import { FakeHttpError, type FakeRequest, type FakeResponse, type Route } from '../fake-server';
import { requireCaller } from './auth-guard';
import { isRfc3339 } from './calendar-time';
import type { GoogleContext } from './context';
import { badRequest, fail, googleErrorBody } from './errors';
import { decodePageToken, encodePageToken, youtubeEtag } from './ids';
import { enumParam, intParam } from './params';
import { METHOD_SCOPES } from './scopes';
import type { CatalogVideo } from './youtube-catalog';
import { ORDERS, searchVideos } from './youtube-search';

// https://developers.google.com/youtube/v3/determine_quota_cost
const SEARCH_COST = 100;

export function youtubeRoutes(ctx: GoogleContext): Route[] {
  return [{ method: 'GET', pattern: /^\/youtube\/v3\/search$/, handle: (req) => search(req, ctx) }];
}

function search(req: FakeRequest, ctx: GoogleContext): FakeResponse {
  authorize(req, ctx);
  const q = req.searchParams;
  // part and type are repeated parameters (part=id&part=snippet) as well as comma lists.
  const parts = listParam(q, 'part');
  if (parts.length === 0) badRequest('Required parameter: part', 'required', 'part');
  const unknown = parts.find((p) => p !== 'snippet' && p !== 'id');
  if (unknown) badRequest(`'${unknown}'`, 'unknownPart', 'part');
  const maxResults = intParam(q, 'maxResults', { def: 5, min: 0, max: 50 });
  const order = enumParam(q, 'order', ORDERS) ?? 'relevance';
  const after = timeParam(q, 'publishedAfter');
  const before = timeParam(q, 'publishedBefore');
  const types = q.has('type') ? listParam(q, 'type') : ['video', 'channel', 'playlist'];
  const badType = types.find((t) => !['video', 'channel', 'playlist'].includes(t));
  if (badType) badRequest(`Invalid value for type: ${badType}`, 'invalidSearchFilter', 'type');
  ctx.quota.spend(SEARCH_COST);

  // Only videos exist in this fake (curated or made up for the topic): a search restricted to
  // channels or playlists finds nothing.
  const hits = types.includes('video') ? searchVideos(ctx.videos(), q.get('q') ?? '', order, { after, before }, ctx.now()) : [];

  const scope = [...q.entries()]
    .filter(([k]) => k !== 'pageToken' && k !== 'key')
    .sort()
    .join('&');
  const token = q.get('pageToken');
  const offset = token === null ? 0 : (decodePageToken(token, scope) ?? badRequest('Invalid page token.', 'invalidPageToken', 'pageToken'));
  const items = hits.slice(offset, offset + maxResults).map((v) => searchResult(v, parts.includes('snippet')));
  const body = {
    kind: 'youtube#searchListResponse',
    etag: youtubeEtag(items),
    ...(offset + maxResults < hits.length ? { nextPageToken: encodePageToken(offset + maxResults, scope) } : {}),
    ...(offset > 0 ? { prevPageToken: encodePageToken(Math.max(0, offset - maxResults), scope) } : {}),
    regionCode: q.get('regionCode') ?? 'US',
    pageInfo: { totalResults: hits.length, resultsPerPage: maxResults },
    items,
  };
  return { status: 200, body };
}

/** search.list takes an API key (`key=`) or an OAuth token; with neither, Google refuses. */
function authorize(req: FakeRequest, ctx: GoogleContext): void {
  const key = req.searchParams.get('key') ?? headerValue(req, 'x-goog-api-key');
  if (key !== undefined) {
    if (key === ctx.apiKey) return;
    throw keyInvalid();
  }
  if (req.headers.authorization) return void requireCaller(req, ctx.oauth, METHOD_SCOPES.youtubeSearch);
  fail(
    403,
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    { reason: 'forbidden' },
  );
}

/** Both the legacy reason (keyInvalid) and the newer ErrorInfo detail, as Google sends today. */
function keyInvalid(): FakeHttpError {
  const message = 'API key not valid. Please pass a valid API key.';
  const details = [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'API_KEY_INVALID',
      domain: 'googleapis.com',
      metadata: { service: 'youtube.googleapis.com' },
    },
  ];
  return new FakeHttpError({ status: 400, body: googleErrorBody(400, message, { domain: 'usageLimits', reason: 'keyInvalid' }, { details }) });
}

function listParam(q: URLSearchParams, name: string): string[] {
  return q
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function headerValue(req: FakeRequest, name: string): string | undefined {
  const h = req.headers[name];
  return Array.isArray(h) ? h[0] : h;
}

function timeParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (!isRfc3339(raw)) badRequest(`Invalid value for ${name}: ${raw}`, 'invalidParameter', name);
  return Date.parse(raw);
}

function searchResult(v: CatalogVideo, withSnippet: boolean): Record<string, unknown> {
  const id = { kind: 'youtube#video', videoId: v.videoId };
  if (!withSnippet) return { kind: 'youtube#searchResult', etag: youtubeEtag(id), id };
  const thumb = (name: string, width: number, height: number) => ({ url: `https://i.ytimg.com/vi/${v.videoId}/${name}.jpg`, width, height });
  const snippet = {
    publishedAt: v.publishedAt,
    channelId: v.channelId,
    // Search snippets are HTML-escaped by YouTube ("Trail &amp; Summit"); clients must unescape.
    title: htmlEscape(v.title),
    description: htmlEscape(v.description),
    thumbnails: { default: thumb('default', 120, 90), medium: thumb('mqdefault', 320, 180), high: thumb('hqdefault', 480, 360) },
    channelTitle: htmlEscape(v.channelTitle),
    liveBroadcastContent: v.liveBroadcastContent,
    publishTime: v.publishedAt,
  };
  return { kind: 'youtube#searchResult', etag: youtubeEtag({ id, snippet }), id, snippet };
}

const htmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
