import { GMAIL_SEND } from '../../connections/scopes';
import { defineAction } from '../define-action';
import { sendEmail } from '../gmail/send-email';
import { ScheduledSendView, scheduleSend, sendAtField } from './schedule';

// The person approves the exact message (send_email's own preview) and the time; approving stores
// it and enqueues one Cloud Task, and functions/scheduled-send.ts sends it then, once.

const Input = sendEmail.input.extend({ send_at: sendAtField });

export const scheduleEmail = defineAction({
  name: 'schedule_email',
  description: "Schedule an email from the user's Gmail account to be sent at a chosen time (cancel it with cancel_scheduled_send until it goes out).",
  input: Input,
  output: ScheduledSendView,
  provider: 'google',
  scopes: [GMAIL_SEND],
  effect: 'write',
  successStatus: 201,
  preview: async (input, ctx) => {
    const { send_at, ...email } = input;
    const shown = await sendEmail.preview?.(email, ctx);
    return {
      kind: 'email',
      title: `Schedule an email to ${input.to.join(', ')} for ${send_at}: "${input.subject}"`,
      details: { ...shown?.details, send_at },
    };
  },
  run: async (input, ctx) => {
    const { send_at, ...email } = input;
    return scheduleSend(ctx, { kind: 'email', provider: 'google', scopes: [GMAIL_SEND], input: email, sendAt: send_at });
  },
});
