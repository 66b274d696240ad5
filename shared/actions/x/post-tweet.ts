import { z } from 'zod';
import { defineAction } from '../define-action';
import { accountField } from '../common/fields';
import { X_TWEET_READ, X_TWEET_WRITE, X_USERS_READ } from '../../connections/scopes';
import { mapXError } from '../../providers/x/x-errors';
import { previewAccount } from '../preview';
import { MAX_WEIGHTED_LENGTH, weightedLength } from './tweet-length';
import { beforeSending } from '../../errors';
import { findRecentPost } from './find-post';

const SCOPES = [X_TWEET_WRITE, X_TWEET_READ, X_USERS_READ];

const Input = z.strictObject({
  text: z
    .string()
    .min(1)
    .max(4000)
    .superRefine((text, ctx) => {
      const { weightedLength: len, valid } = weightedLength(text);
      if (!valid)
        ctx.addIssue({
          code: 'custom',
          message: `the post is ${len} weighted characters; X allows ${MAX_WEIGHTED_LENGTH} (URLs count 23, most emoji and CJK count 2)`,
        });
    })
    .describe('The post text, at most 280 weighted characters (URLs count 23, most emoji and CJK characters count 2).'),
  reply_to: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional()
    .describe('Id of the post this one replies to.'),
  account: accountField,
});

const Output = z.object({ id: z.string(), text: z.string(), url: z.string(), account: z.string() });
const TweetResponse = z.looseObject({ data: z.looseObject({ id: z.string(), text: z.string() }) });

export const postTweet = defineAction({
  name: 'post_tweet',
  description: 'Publish a post on X (Twitter) as the user.',
  input: Input,
  output: Output,
  provider: 'x',
  scopes: SCOPES,
  effect: 'write',
  successStatus: 201,
  preview: async (input, ctx) => {
    const account = await previewAccount(ctx, 'x', SCOPES, input.account);
    const handle = `@${account.username ?? account.account}`;
    return {
      kind: 'tweet',
      runsAs: account.account,
      title: `Post on X as ${handle}`,
      details: {
        account: handle,
        text: input.text,
        weighted_length: weightedLength(input.text).weightedLength,
        max_weighted_length: MAX_WEIGHTED_LENGTH,
        reply_to: input.reply_to ?? null,
      },
    };
  },
  run: async (input, ctx) => {
    const session = await ctx.clients.x(SCOPES, input.account).catch((e: unknown) => {
      throw beforeSending(e);
    });
    // https://docs.x.com/x-api/posts/create-post — never retried (X would post it twice or 403 as
    // duplicate); only a 401 is tried once more after a refresh, X having acted on nothing.
    const res = await session
      .call((client) => client.v2.tweet(input.text, input.reply_to ? { reply: { in_reply_to_tweet_id: input.reply_to } } : undefined))
      .catch(async (e: unknown) => {
        const err = mapXError(e);
        const effect = ctx.effect;
        // X refuses a duplicate of a recent post: if an earlier attempt of this effect made it, that is the post.
        const earlier =
          effect && err.code === 'forbidden'
            ? await session.call((client) => findRecentPost(client, session.account.id, input.text, effect.startedAtMs))
            : undefined;
        if (earlier) return { data: earlier };
        throw err;
      });
    const { data } = TweetResponse.parse(res);
    return postOutput(session.account, data);
  },
  once: {
    find: async (input, ctx, effect) => {
      const session = await ctx.clients.x(SCOPES, input.account);
      const found = await session.call((client) => findRecentPost(client, session.account.id, input.text, effect.startedAtMs));
      return found && postOutput(session.account, found);
    },
    providerId: (output) => output.id,
  },
});

function postOutput(account: { id: string; username?: string }, post: { id: string; text: string }) {
  return { id: post.id, text: post.text, url: `https://x.com/${account.username ?? 'i/web'}/status/${post.id}`, account: account.username ?? account.id };
}
