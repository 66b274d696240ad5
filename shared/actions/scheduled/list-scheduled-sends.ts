import { z } from 'zod';
import { defineAction } from '../define-action';
import { ScheduledSendView, sendStore, toView } from './schedule';

// Reads only the caller's own scheduled sends (users/{uid}/scheduledSends): no provider call.

const Input = z.strictObject({
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'unknown', 'cancelled']).optional().describe('Only sends in this state (default: all).'),
  limit: z.number().int().min(1).max(100).default(25).describe('At most this many, latest send time first (1–100, default 25).'),
});

export const listScheduledSends = defineAction({
  name: 'list_scheduled_sends',
  description: 'List the emails and posts the user scheduled, with their send time and status (pending, sending, sent, failed, unknown, cancelled).',
  input: Input,
  output: z.object({ sends: z.array(ScheduledSendView) }),
  // Scheduled sends are the user's own records; 'google' only names the function's secret set.
  provider: 'google',
  scopes: [],
  effect: 'read',
  run: async (input, ctx) => ({ sends: (await sendStore(ctx).list(ctx.user.uid, input.status, input.limit)).map(toView) }),
});
