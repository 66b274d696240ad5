import { z } from 'zod';
import { defineAction } from '../define-action';
import { GMAIL_READONLY } from '../../connections/scopes';
import { listRecentEmails } from './list-recent-emails';
import { MailCategorySchema } from './mail-sort-prompt';
import { sortMessages } from './mail-sort';

// list_recent_emails plus a category per message (needs_reply, updates, newsletters, receipts,
// other), sorted by Gemini structured output (mail-sort.ts). Same input, same Gmail read; a
// message the daily bound or a model failure left unsorted has category null, and `notice` says why.

const Output = z.object({
  account: z.string(),
  messages: z.array(z.object({ ...listRecentEmails.output.shape.messages.element.shape, category: MailCategorySchema.nullable() })),
  notice: z.string().optional(),
});

export const sortRecentEmails = defineAction({
  name: 'sort_recent_emails',
  description:
    "List the most recent emails in the user's Gmail, newest first, each sorted into a category: needs_reply, updates, newsletters, receipts or other (null when it could not be sorted; `notice` says why).",
  input: listRecentEmails.input,
  output: Output,
  provider: 'google',
  scopes: [GMAIL_READONLY],
  effect: 'read',
  run: async (input, ctx) => {
    const listed = await listRecentEmails.run(input, ctx);
    const outcome = await sortMessages(ctx, listed.messages);
    return {
      account: listed.account,
      messages: listed.messages.map((m) => ({ ...m, category: outcome.categories.get(m.id) ?? null })),
      ...(outcome.notice ? { notice: outcome.notice } : {}),
    };
  },
});
