import { z } from 'zod';
import { defineAction } from '../define-action';
import { ScheduledSendView, sendStore, taskQueue, toView } from './schedule';

// Cancelling marks the record first: from then on a delivery of its task finds it cancelled and
// sends nothing, whether or not the task deletion below reaches Cloud Tasks. Deleting the task
// only saves that delivery. Once a send is sending/sent/failed it answers 409.

const Input = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/)
    .describe('The scheduled send id (from schedule_email, schedule_post or list_scheduled_sends).'),
});

export const cancelScheduledSend = defineAction({
  name: 'cancel_scheduled_send',
  description: 'Cancel a scheduled email or post that has not gone out yet.',
  input: Input,
  output: ScheduledSendView,
  provider: 'google',
  scopes: [],
  effect: 'write',
  run: async (input, ctx) => {
    const cancelled = await sendStore(ctx).cancel(ctx.user.uid, input.id);
    await taskQueue(ctx.config)
      .remove(cancelled.taskName)
      .catch((e: unknown) => ctx.log.warn('scheduled send cancelled; its task was not deleted (its delivery will find it cancelled)', { err: e }));
    return toView(cancelled);
  },
});
