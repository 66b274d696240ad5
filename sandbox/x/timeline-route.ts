// GET /2/users/{id}/tweets: a user's posts, newest first (https://docs.x.com/x-api/users/get-posts).
// max_results 5–100 (default 10), start_time/end_time, since_id/until_id, pagination_token; an
// empty page has no `data`, only meta.result_count 0, as X answers.
import type { FakeRequest, FakeResponse } from '../fake-server';
import { consume, type RateLimitRules } from './api-routes';
import { authorizeUser } from './auth';
import { invalidRequest, tooManyRequests } from './errors';
import type { XState } from './state';

export function userTimeline(state: XState, rules: RateLimitRules, req: FakeRequest): FakeResponse {
  const auth = authorizeUser(state, req, 'GET /2/users/:id/tweets');
  if ('refused' in auth) return auth.refused;
  const rl = consume(state, rules, 'GET /2/users/:id/tweets', auth.user);
  if (!rl.allowed) return tooManyRequests(rl.headers);
  const q = req.searchParams;
  const max = Number(q.get('max_results') ?? 10);
  if (!Number.isInteger(max) || max < 5 || max > 100) return invalidRequest(['The `max_results` query parameter value is not between 5 and 100'], rl.headers);
  const after = timeParam(q.get('start_time'), Number.NEGATIVE_INFINITY);
  const before = timeParam(q.get('end_time'), Number.POSITIVE_INFINITY);
  if (Number.isNaN(after) || Number.isNaN(before)) return invalidRequest(['Invalid start_time or end_time'], rl.headers);
  const offset = Number(q.get('pagination_token') ?? 0) || 0;
  const sinceId = q.get('since_id');
  const untilId = q.get('until_id');
  const posts = state.tweets
    .filter((t) => t.authorId === req.params.id)
    .filter((t) => Date.parse(t.createdAt) >= after && Date.parse(t.createdAt) <= before)
    .filter((t) => (!sinceId || BigInt(t.id) > BigInt(sinceId)) && (!untilId || BigInt(t.id) < BigInt(untilId)))
    .reverse();
  const page = posts.slice(offset, offset + max);
  const fields = new Set((q.get('tweet.fields') ?? '').split(',').filter(Boolean));
  const data = page.map((t) => ({
    id: t.id,
    text: t.text,
    edit_history_tweet_ids: [t.id],
    ...(fields.has('created_at') ? { created_at: t.createdAt } : {}),
    ...(fields.has('author_id') ? { author_id: t.authorId } : {}),
  }));
  const next = offset + max < posts.length ? { next_token: String(offset + max) } : {};
  const meta = page.length ? { result_count: page.length, newest_id: page[0]?.id, oldest_id: page.at(-1)?.id, ...next } : { result_count: 0 };
  return { status: 200, headers: rl.headers, body: page.length ? { data, meta } : { meta } };
}

function timeParam(v: string | null, absent: number): number {
  return v === null ? absent : Date.parse(v);
}
