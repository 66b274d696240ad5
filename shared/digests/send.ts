import { z } from 'zod';
import type { ActionContext } from '../runtime/context';
import { AppError } from '../errors';
import { GMAIL_SEND } from '../connections/scopes';
import { buildMimeMessage } from '../actions/gmail/mime-message';
import { mapGoogleError } from '../providers/google/google-errors';
import type { GoogleSession } from '../connections/google-session';

// Sends the digest from the user's own Gmail (their connection, their address), to themselves
// or to the delivery address they chose. Never retried: Gmail has no idempotency key, so a retry
// after a lost answer would deliver twice. The caller decides what an error means (see worker).

const Sent = z.looseObject({ id: z.string() });

export async function openSender(ctx: ActionContext, account?: string): Promise<GoogleSession> {
  return ctx.clients.google([GMAIL_SEND], account);
}

export async function sendDigestMail(ctx: ActionContext, session: GoogleSession, to: string, mail: { subject: string; text: string }): Promise<string> {
  const raw = await buildMimeMessage({ from: session.account.email, to: [to], subject: mail.subject, text: mail.text });
  const { gmail } = await import('@googleapis/gmail');
  const api = gmail({ version: 'v1', auth: session.auth, ...session.apiOptions });
  // https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/send
  const res = await api.users.messages.send({ userId: 'me', requestBody: { raw: raw.toString('base64url') } }, { signal: ctx.signal }).catch((e: unknown) => {
    throw mapGoogleError(e);
  });
  return Sent.parse(res.data).id;
}

/**
 * After a failed send: 'retry' when Gmail certainly did not send (refused before accepting:
 * rate limit), 'final' when retrying cannot help (a 4xx), 'unknown' when it may have been sent
 * (timeout, network, 5xx) — that one is never retried.
 */
export function sendFailureKind(e: unknown): 'retry' | 'final' | 'unknown' | 'reauth' {
  if (!(e instanceof AppError)) return 'unknown';
  if (e.code === 'reauth_required') return 'reauth';
  if (e.code === 'rate_limited') return 'retry';
  if (['invalid_input', 'forbidden', 'not_found', 'not_connected', 'conflict'].includes(e.code)) return 'final';
  return 'unknown';
}
