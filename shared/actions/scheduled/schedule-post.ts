import { defineAction } from '../define-action';
import { postTweet, POST_SCOPES } from '../x/post-tweet';
import { ScheduledSendView, scheduleSend, sendAtField } from './schedule';

// The person approves the exact post (post_tweet's own preview) and the time; approving stores
// it and enqueues one Cloud Task, and functions/scheduled-send.ts posts it then, once.

const Input = postTweet.input.extend({ send_at: sendAtField });

export const schedulePost = defineAction({
  name: 'schedule_post',
  description: 'Schedule a post on X (Twitter) as the user at a chosen time (cancel it with cancel_scheduled_send until it goes out).',
  input: Input,
  output: ScheduledSendView,
  provider: 'x',
  scopes: POST_SCOPES,
  effect: 'write',
  successStatus: 201,
  preview: async (input, ctx) => {
    const { send_at, ...post } = input;
    const shown = await postTweet.preview?.(post, ctx);
    return { kind: 'tweet', title: `Schedule a post on X for ${send_at}`, details: { ...shown?.details, send_at } };
  },
  run: async (input, ctx) => {
    const { send_at, ...post } = input;
    return scheduleSend(ctx, { kind: 'post', provider: 'x', scopes: POST_SCOPES, input: post, sendAt: send_at });
  },
});
