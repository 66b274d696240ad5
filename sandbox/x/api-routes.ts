// API v2: POST /2/tweets (GET /2/users/me is users-me.ts), authenticated with an OAuth 2.0 user
// access token (Authorization: Bearer ...). Every authenticated answer carries X's
// x-rate-limit-* headers from a per-user, per-endpoint window that is really enforced.
import type { FakeRequest, FakeResponse } from '../fake-server';
import type { XState, XUser } from './state';
import { authorizeUser } from './auth';
import { duplicateContent, invalidRequest, notPermitted, replyTargetMissing, tooManyRequests } from './errors';
import { MAX_TWEET_WEIGHT, weightedLength } from './tweet-length';

export interface RateLimitRule {
  limit: number;
  windowSec: number;
}

export type RateLimitRules = Record<'POST /2/tweets' | 'GET /2/users/me' | 'GET /2/users/:id/tweets', RateLimitRule>;

export const DEFAULT_RATE_LIMITS: RateLimitRules = {
  'POST /2/tweets': { limit: 100, windowSec: 900 },
  'GET /2/users/me': { limit: 75, windowSec: 900 },
  'GET /2/users/:id/tweets': { limit: 900, windowSec: 900 },
};

// Request body keys X accepts on POST /2/tweets (the schema forbids others).
const TWEET_BODY_KEYS = new Set([
  'text',
  'reply',
  'quote_tweet_id',
  'reply_settings',
  'media',
  'poll',
  'geo',
  'nullcast',
  'for_super_followers_only',
  'direct_message_deep_link',
  'card_uri',
  'community_id',
  'edit_options',
  'made_with_ai',
  'paid_partnership',
  'share_with_followers',
]);
const REPLY_KEYS = new Set(['in_reply_to_tweet_id', 'auto_populate_reply_metadata', 'exclude_reply_user_ids']);

/** Counts the call in the user's window and returns the headers, or undefined when exhausted. */
export function consume(state: XState, rules: RateLimitRules, key: keyof RateLimitRules, user: XUser) {
  const rule = rules[key];
  const now = state.now();
  const wkey = `${user.id} ${key}`;
  let w = state.rateWindows.get(wkey);
  if (!w || w.resetAt <= now) {
    w = { resetAt: now + rule.windowSec * 1000, used: 0 };
    state.rateWindows.set(wkey, w);
  }
  const allowed = w.used < rule.limit;
  if (allowed) w.used += 1;
  const headers = {
    'x-rate-limit-limit': String(rule.limit),
    'x-rate-limit-remaining': String(Math.max(0, rule.limit - w.used)),
    'x-rate-limit-reset': String(Math.ceil(w.resetAt / 1000)),
  };
  return { allowed, headers };
}

export function createTweet(state: XState, rules: RateLimitRules, req: FakeRequest): FakeResponse {
  const auth = authorizeUser(state, req, 'POST /2/tweets');
  if ('refused' in auth) return auth.refused;
  const user = auth.user;
  const rl = consume(state, rules, 'POST /2/tweets', user);
  if (!rl.allowed) return tooManyRequests(rl.headers);
  const h = rl.headers;

  const body = req.json;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return invalidRequest(['Request body must be a JSON object'], h);
  }
  const b = body as Record<string, unknown>;
  const unknownKeys = Object.keys(b).filter((k) => !TWEET_BODY_KEYS.has(k));
  if (unknownKeys.length) {
    return invalidRequest(
      unknownKeys.map((k) => `$.${k}: is not defined in the schema and the schema does not allow additional properties`),
      h,
    );
  }
  if (typeof b.text !== 'string' || (b.text.trim() === '' && !b.media)) {
    return invalidRequest(['$.text: must be a non-empty string'], h);
  }
  const text = b.text;

  let inReplyTo: string | undefined;
  if (b.reply !== undefined) {
    const r = b.reply as Record<string, unknown> | null;
    if (!r || typeof r !== 'object' || Object.keys(r).some((k) => !REPLY_KEYS.has(k))) {
      return invalidRequest(['$.reply: invalid reply object'], h);
    }
    if (typeof r.in_reply_to_tweet_id !== 'string' || !/^[0-9]{1,19}$/.test(r.in_reply_to_tweet_id)) {
      return invalidRequest(['$.reply.in_reply_to_tweet_id: does not match the regex pattern ^[0-9]{1,19}$'], h);
    }
    inReplyTo = r.in_reply_to_tweet_id;
    if (!state.tweets.some((t) => t.id === inReplyTo)) return replyTargetMissing(h);
  }

  if (weightedLength(text) > MAX_TWEET_WEIGHT) return notPermitted(h);
  if (state.tweets.some((t) => t.authorId === user.id && t.text === text)) return duplicateContent(h);

  const tweet = {
    id: state.nextTweetId(),
    text,
    authorId: user.id,
    authorUsername: user.username,
    inReplyToTweetId: inReplyTo,
    createdAt: new Date(state.now()).toISOString(),
  };
  state.tweets.push(tweet);
  return { status: 201, headers: h, body: { data: { edit_history_post_ids: [tweet.id], id: tweet.id, text: tweet.text } } };
}
