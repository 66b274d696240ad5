// The X fake enforces what X enforces, proved through twitter-api-v2: each operation's OAuth
// scopes, the weighted length as twitter-text counts it, problem types under api.x.com, and
// user.fields on /2/users/me.
process.env.METADATA_SERVER_DETECTION = 'none';

import http from 'node:http';
import twitterText from 'twitter-text';
import { ApiResponseError, TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrlPlugin } from '../../shared/providers/x/base-url-plugin';
import { startXFake, type XFake } from '../../sandbox/x';

let fake: XFake;
const httpAgent = new http.Agent();
const client = (scope: string) =>
  new TwitterApi(fake.issueTokens('201', { scope: `${scope} offline.access` }).accessToken, { plugins: [baseUrlPlugin(fake.url)], httpAgent });
const FULL = 'tweet.read tweet.write users.read';

beforeAll(async () => {
  fake = await startXFake({ clientId: 'c', clientSecret: 's' });
  fake.addUser({ id: '201', username: 'carla', name: 'Carla' });
});
afterAll(async () => {
  await fake.close();
  httpAgent.destroy();
});

async function refusal(p: Promise<unknown>): Promise<ApiResponseError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiResponseError);
  return e as ApiResponseError;
}

describe('scopes per operation', () => {
  it.each([
    ['tweet.read users.read', 'no tweet.write'],
    ['tweet.write users.read', 'no tweet.read'],
    ['tweet.read tweet.write', 'no users.read'],
  ])('POST /2/tweets with "%s" (%s) → 403 and nothing posted', async (scope) => {
    const before = fake.tweets().length;
    const e = await refusal(client(scope).v2.tweet(`scoped ${scope}`));
    expect(e.code).toBe(403);
    expect(e.data).toEqual({ title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Forbidden' });
    expect(e.headers['content-type']).toContain('application/problem+json');
    expect(fake.tweets()).toHaveLength(before);
  });

  it.each(['tweet.read', 'users.read'])('GET /2/users/me with only %s → 403', async (scope) => {
    expect((await refusal(client(scope).v2.me())).code).toBe(403);
  });

  it('with the documented scopes both operations work', async () => {
    const c = client(FULL);
    expect((await c.v2.me()).data).toEqual({ id: '201', name: 'Carla', username: 'carla' });
    expect((await c.v2.tweet('all scopes granted')).data.text).toBe('all scopes granted');
  });
});

describe('weighted length as X counts it', () => {
  it('a bare domain link weighs 23, so a post over 280 raw characters is accepted', async () => {
    const text = `${'a'.repeat(250)} example.com/${'p'.repeat(60)}`;
    expect(text.length).toBeGreaterThan(280);
    expect(twitterText.parseTweet(text).weightedLength).toBe(274);
    const res = await client(FULL).v2.tweet(text);
    expect(res.data.id).toMatch(/^\d+$/);
  });

  it('one weighted character too many is refused', async () => {
    const e = await refusal(client(FULL).v2.tweet(`${'b'.repeat(258)} example.com/x`));
    expect(twitterText.parseTweet(`${'b'.repeat(258)} example.com/x`).weightedLength).toBe(282);
    expect(e.code).toBe(403);
  });
});

describe('problems and user.fields', () => {
  it('types invalid-request problems under https://api.x.com/2/problems/', async () => {
    const e = await refusal(client(FULL).v2.post('tweets', { text: 'x', bogus: true }));
    expect(e.code).toBe(400);
    expect(e.data.type).toBe('https://api.x.com/2/problems/invalid-request');
  });

  it('answers the user.fields asked for, and only those', async () => {
    const me = await client(FULL).v2.me({ 'user.fields': ['created_at', 'description', 'public_metrics', 'protected'] });
    expect(Object.keys(me.data).sort()).toEqual(['created_at', 'description', 'id', 'name', 'protected', 'public_metrics', 'username']);
    expect((me.data.public_metrics as { post_count?: number } | undefined)?.post_count).toBe(fake.tweets().filter((t) => t.authorId === '201').length);
    expect(fake.requests.at(-1)?.query['user.fields']).toBe('created_at,description,public_metrics,protected');
  });

  it('refuses an unknown user field with a 400 naming it', async () => {
    const e = await refusal(client(FULL).v2.get('users/me', { 'user.fields': 'created_at,shoe_size' }));
    expect(e.code).toBe(400);
    expect(e.data.errors).toEqual([expect.objectContaining({ parameters: { 'user.fields': ['shoe_size'] } })]);
  });
});
