import { z } from 'zod';
import { defineAction } from '../define-action';
import { accountField, emailAddress, headerLine } from '../common/fields';
import { GMAIL_READONLY, GMAIL_SEND } from '../../connections/scopes';
import type { GoogleSession } from '../../connections/google-session';
import { emailMessageId } from '../common/effect-ids';
import { beforeSending } from '../../errors';
import { findSentByMessageId } from './find-sent';
import { mapGoogleError } from '../../providers/google/google-errors';
import { previewAccount } from '../preview';
import { remoteReferences } from './remote-references';
import { buildMimeMessage } from './mime-message';

const recipients = (what: string, min: number) => z.array(emailAddress).min(min).max(100).describe(what);

const Input = z.strictObject({
  to: recipients('Recipient email addresses (1–100).', 1),
  cc: recipients('Carbon-copy addresses.', 0).optional(),
  bcc: recipients('Blind-copy addresses; not shown to other recipients.', 0).optional(),
  subject: headerLine(998).describe('Subject line (one line, no line breaks).'),
  text: z.string().min(1).max(200_000).describe('Plain-text body.'),
  html: z.string().max(500_000).optional().describe('Optional HTML body, sent alongside the text version.'),
  reply_to: emailAddress.optional().describe('Address replies should go to, if not the sender.'),
  account: accountField,
});

const Output = z.object({ id: z.string(), thread_id: z.string(), account: z.string(), label_ids: z.array(z.string()) });
const SendResponse = z.looseObject({ id: z.string(), threadId: z.string().default(''), labelIds: z.array(z.string()).default([]) });

export const sendEmail = defineAction({
  name: 'send_email',
  description: "Send an email from the user's Gmail account.",
  input: Input,
  output: Output,
  provider: 'google',
  scopes: [GMAIL_SEND],
  effect: 'write',
  successStatus: 201,
  // The whole message as it will go out, HTML included: a surface renders the HTML with remote
  // content blocked, and the preview names every remote address the HTML would load.
  preview: async (input, ctx) => {
    const conn = await previewAccount(ctx, 'google', [GMAIL_SEND], input.account);
    const from = conn.email;
    return {
      kind: 'email',
      runsAs: conn.account,
      title: `Send an email to ${input.to.join(', ')}: "${input.subject}"`,
      details: {
        from,
        to: input.to,
        cc: input.cc ?? [],
        bcc: input.bcc ?? [],
        reply_to: input.reply_to ?? null,
        subject: input.subject,
        body: input.text,
        has_html_version: input.html !== undefined,
        html: input.html ?? null,
        html_remote_content: input.html === undefined ? [] : remoteReferences(input.html),
      },
    };
  },
  run: async (input, ctx) => {
    const session = await ctx.clients.google([GMAIL_SEND], input.account).catch((e: unknown) => {
      throw beforeSending(e);
    });
    const from = session.account.email;
    // An effect's message carries a Message-ID derived from it: an attempt in doubt is found by it.
    const messageId = ctx.effect ? emailMessageId(ctx.effect.id, from) : undefined;
    const raw = await buildMimeMessage({ ...mailOf(input), from, messageId });
    const api = await gmailApi(session);
    // https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/send —
    // never retried: a retry after a lost answer would send the mail twice.
    const res = await api.users.messages.send({ userId: 'me', requestBody: { raw: raw.toString('base64url') } }, { signal: ctx.signal }).catch((e: unknown) => {
      throw mapGoogleError(e);
    });
    const sent = SendResponse.parse(res.data);
    return { id: sent.id, thread_id: sent.threadId, account: from, label_ids: sent.labelIds };
  },
  once: {
    find: async (input, ctx, effect) => {
      // Looking needs a scope that may search; without one this throws and the effect stays unknown.
      const session = await ctx.clients.google([GMAIL_READONLY], input.account);
      const from = session.account.email;
      const found = await findSentByMessageId(await gmailApi(session), emailMessageId(effect.id, from), ctx.signal);
      return found && { id: found.id, thread_id: found.threadId, account: from, label_ids: found.labelIds };
    },
    providerId: (output) => output.id,
  },
});

function mailOf(input: z.infer<typeof Input>) {
  return { to: input.to, cc: input.cc, bcc: input.bcc, replyTo: input.reply_to, subject: input.subject, text: input.text, html: input.html };
}

async function gmailApi(session: GoogleSession) {
  const { gmail } = await import('@googleapis/gmail');
  return gmail({ version: 'v1', auth: session.auth, ...session.apiOptions });
}
