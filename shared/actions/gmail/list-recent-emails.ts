import { z } from 'zod';
import { defineAction } from '../define-action';
import { accountField } from '../common/fields';
import { GMAIL_READONLY } from '../../connections/scopes';
import { retryRead } from '../../providers/retry';
import { mapGoogleError } from '../../providers/google/google-errors';
import { unescapeHtml } from '../common/html-text';
import { getMessageMeta, headerOf } from '../../providers/google/gmail-message-meta';
import { mapBounded } from '../../providers/bounded-concurrency';

/** Metadata fetches in flight at once per listing (see mapBounded). */
export const METADATA_CONCURRENCY = 8;

const Input = z.strictObject({
  max_results: z.int().min(1).max(50).default(10).describe('How many messages to return (1–50, default 10).'),
  query: z
    .string()
    .max(500)
    .regex(/^[^\r\n]*$/)
    .optional()
    .describe('Gmail search query, e.g. "from:ana@example.com is:unread newer_than:2d".'),
  label: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[\w\-/ ]+$/)
    .default('INBOX')
    .describe('Label id to list, e.g. INBOX, SENT, STARRED, IMPORTANT (default INBOX).'),
  account: accountField,
});

const Message = z.object({
  id: z.string(),
  thread_id: z.string(),
  from: z.string(),
  subject: z.string(),
  date: z.string(),
  snippet: z.string(),
  unread: z.boolean(),
});
const Output = z.object({ account: z.string(), messages: z.array(Message) });

const ListResponse = z.looseObject({ messages: z.array(z.looseObject({ id: z.string(), threadId: z.string() })).default([]) });

export const listRecentEmails = defineAction({
  name: 'list_recent_emails',
  description: "List the most recent emails in the user's Gmail, newest first: sender, subject, date, snippet and whether unread.",
  input: Input,
  output: Output,
  provider: 'google',
  scopes: [GMAIL_READONLY],
  effect: 'read',
  run: async (input, ctx) => {
    const session = await ctx.clients.google([GMAIL_READONLY], input.account, { readOnly: true });
    const { gmail } = await import('@googleapis/gmail');
    const api = gmail({ version: 'v1', auth: session.auth, ...session.apiOptions });
    const read = <T>(op: () => Promise<T>) => retryRead(op, mapGoogleError, undefined, { signal: ctx.signal });
    // https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/list
    const list = await read(() =>
      api.users.messages.list({ userId: 'me', q: input.query, labelIds: [input.label], maxResults: input.max_results }, { signal: ctx.signal }),
    );
    const ids = ListResponse.parse(list.data).messages;
    const messages = await mapBounded(ids, METADATA_CONCURRENCY, async ({ id }) => {
      const m = await getMessageMeta(api, id, ['From', 'Subject', 'Date'], ctx.signal);
      const h = (name: string) => headerOf(m, name);
      const date = h('Date') || (m.internalDate ? new Date(Number(m.internalDate)).toUTCString() : '');
      return {
        id: m.id,
        thread_id: m.threadId,
        from: h('From'),
        subject: h('Subject'),
        date,
        snippet: unescapeHtml(m.snippet),
        unread: m.labelIds.includes('UNREAD'),
      };
    });
    return { account: session.account.email, messages };
  },
});
