// GET /2/users/me: the authenticated user. By default X answers id, name and username only;
// `user.fields` (a comma-separated list of the fields X's OpenAPI description enumerates) adds
// the others this fake models, and an unknown field is a 400 invalid-request naming it.
// https://docs.x.com/x-api/users/user-lookup-me
import type { FakeRequest, FakeResponse } from '../fake-server';
import { consume, type RateLimitRules } from './api-routes';
import { authorizeUser } from './auth';
import { invalidRequest, tooManyRequests } from './errors';
import type { XState, XUser } from './state';

const USER_FIELDS = [
  'confirmed_email',
  'connection_status',
  'created_at',
  'description',
  'entities',
  'id',
  'is_identity_verified',
  'location',
  'name',
  'parody',
  'profile_banner_url',
  'profile_image_url',
  'protected',
  'public_metrics',
  'receives_your_dm',
  'subscribes_to_you',
  'subscription',
  'subscription_type',
  'url',
  'username',
  'verified',
  'verified_followers_count',
  'verified_type',
  'withheld',
] as const;

const DEFAULT_IMAGE = 'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png';
// Accounts the fake knows nothing more about were "created" at this instant.
const DEFAULT_CREATED_AT = '2020-01-01T00:00:00.000Z';

export function usersMe(state: XState, rules: RateLimitRules, req: FakeRequest): FakeResponse {
  const auth = authorizeUser(state, req, 'GET /2/users/me');
  if ('refused' in auth) return auth.refused;
  const rl = consume(state, rules, 'GET /2/users/me', auth.user);
  if (!rl.allowed) return tooManyRequests(rl.headers);
  const requested = req.searchParams
    .getAll('user.fields')
    .flatMap((v) => v.split(','))
    .filter(Boolean);
  const unknown = requested.filter((f) => !(USER_FIELDS as readonly string[]).includes(f));
  if (unknown.length) {
    const message = `The \`user.fields\` query parameter value [${unknown[0]}] is not one of [${USER_FIELDS.join(',')}]`;
    return invalidRequest([{ parameters: { 'user.fields': unknown }, message }], rl.headers);
  }
  return { status: 200, headers: rl.headers, body: { data: userObject(state, auth.user, new Set(requested)) } };
}

/** id, name, username always; other fields when asked for and known (X omits what does not apply). */
function userObject(state: XState, u: XUser, fields: Set<string>): Record<string, unknown> {
  const tweets = state.tweets.filter((t) => t.authorId === u.id).length;
  const known: Record<string, unknown> = {
    created_at: u.created_at ?? DEFAULT_CREATED_AT,
    description: u.description ?? '',
    location: u.location,
    url: u.url ?? '',
    protected: u.protected ?? false,
    verified: u.verified ?? false,
    verified_type: u.verified ? 'blue' : 'none',
    profile_image_url: u.profile_image_url ?? DEFAULT_IMAGE,
    // post_count is the name X's OpenAPI description requires; tweet_count the one X has long sent.
    public_metrics: { followers_count: 0, following_count: 0, post_count: tweets, tweet_count: tweets, listed_count: 0, like_count: 0, media_count: 0 },
  };
  const extra = Object.entries(known).filter(([k, v]) => fields.has(k) && v !== undefined);
  return { id: u.id, name: u.name, username: u.username, ...Object.fromEntries(extra) };
}
