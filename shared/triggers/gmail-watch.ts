import { z } from 'zod';
import type { ActionContext } from '../runtime/context';
import { GMAIL_READONLY } from '../connections/scopes';
import { mapGoogleError } from '../providers/google/google-errors';
import { GmailWatchStore } from './gmail-watch-store';

// Gmail push: users.watch makes Gmail publish to our topic on every change of the mailbox's
// INBOX. A watch lapses after 7 days; Google recommends renewing daily, which
// gmail-watch-renew does (Cloud Scheduler, daily). Calling watch again while one is active just
// extends it, so renewal and reconnects are idempotent.
// https://developers.google.com/workspace/gmail/api/guides/push

export const WATCH_RENEW_INTERVAL_MS = 24 * 60 * 60 * 1000;

const WatchResponse = z.looseObject({ historyId: z.coerce.string().regex(/^\d+$/), expiration: z.coerce.number() });

export interface GmailWatchResult {
  email: string;
  historyId: string;
  expiration: number;
}

export function gmailWatchStore(ctx: Pick<ActionContext, 'stores' | 'clock'>): GmailWatchStore {
  return new GmailWatchStore(ctx.stores.db, () => ctx.clock.now());
}

async function gmailApi(ctx: ActionContext, account?: string) {
  const session = await ctx.clients.google([GMAIL_READONLY], account);
  const { gmail } = await import('@googleapis/gmail');
  return { session, api: gmail({ version: 'v1', auth: session.auth, ...session.apiOptions }) };
}

/**
 * Starts (or renews) the Gmail watch of the caller's Google account `account` (default: their
 * default Google account) and indexes the mailbox for gmail-push. Call it after a Google
 * connection with gmail.readonly is saved. Returns undefined when the server has no
 * GMAIL_PUSH_TOPIC (push is then simply off); throws AppError (reauth_required, not_connected…).
 */
export async function startGmailWatch(ctx: ActionContext, account?: string): Promise<GmailWatchResult | undefined> {
  const topicName = ctx.config.triggers.gmailPushTopic;
  if (!topicName) return undefined;
  const { session, api } = await gmailApi(ctx, account);
  // https://developers.google.com/workspace/gmail/api/reference/rest/v1/users/watch — not retried
  // here: the renewal job runs again tomorrow, and a reconnect calls it again.
  const res = await api.users
    .watch({ userId: 'me', requestBody: { topicName, labelIds: ['INBOX'], labelFilterBehavior: 'include' } }, { signal: ctx.signal })
    .catch((e: unknown) => {
      throw mapGoogleError(e);
    });
  const watch = WatchResponse.parse(res.data);
  const email = session.account.email;
  const now = ctx.clock.now().getTime();
  await gmailWatchStore(ctx).saveWatch({
    email,
    uid: ctx.user.uid,
    account: email,
    historyId: watch.historyId,
    expiration: watch.expiration,
    renewAfter: now + WATCH_RENEW_INTERVAL_MS,
  });
  return { email, historyId: watch.historyId, expiration: watch.expiration };
}

/**
 * Forgets the caller's watch of the mailbox and, unless another user still watches it (a shared
 * mailbox), stops Gmail's watch (call before deleting a Google connection).
 */
export async function stopGmailWatch(ctx: ActionContext, account: string): Promise<void> {
  const { session, api } = await gmailApi(ctx, account);
  const others = await gmailWatchStore(ctx).delete(session.account.email, ctx.user.uid);
  if (others.length > 0) return;
  // https://developers.google.com/workspace/gmail/api/reference/rest/v1/users/stop — if this
  // fails, Gmail notifies until the watch lapses (≤ 7 days); those are acknowledged as unknown.
  await api.users.stop({ userId: 'me' }, { signal: ctx.signal }).catch((e: unknown) => {
    throw mapGoogleError(e);
  });
}
