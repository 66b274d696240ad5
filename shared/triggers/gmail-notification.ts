import { z } from 'zod';
import type { Runtime } from '../runtime/runtime';
import { AppError } from '../errors';
import { hashUserId } from '../log';
import { messageJson, type PubSubMessage } from './pubsub-message';
import { PushDedupeStore } from './push-dedupe';
import { compareHistoryIds, GmailWatchStore, type GmailWatch } from './gmail-watch-store';
import { syncMailbox } from './gmail-history';
import { WATCH_RENEW_INTERVAL_MS } from './gmail-watch';

// One Gmail notification, after its OIDC token was checked: {"emailAddress","historyId"}.
// https://developers.google.com/workspace/gmail/api/guides/push#receiving_notifications
// Outcomes that retrying cannot change (unknown mailbox, older historyId, a connection that
// needs re-consent) are acknowledged; only transient failures answer non-2xx so Pub/Sub retries.

const Notification = z.looseObject({
  emailAddress: z
    .string()
    .min(3)
    .max(320)
    .regex(/^[^/\s]+@[^/\s]+$/),
  historyId: z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform(String),
});

export type GmailPushOutcome = 'recorded' | 'resynced' | 'duplicate' | 'stale' | 'unknown_mailbox' | 'reauth_required';

export interface GmailPushResult {
  outcome: GmailPushOutcome;
  recorded?: number;
}

export async function handleGmailNotification(runtime: Runtime, message: PubSubMessage, requestId: string, signal: AbortSignal): Promise<GmailPushResult> {
  const note = messageJson(message, Notification);
  const now = () => runtime.clock.now();
  const claim = await new PushDedupeStore(runtime.stores.db, now).claim(message.subscription, message.id);
  if (claim.kind === 'duplicate') return { outcome: 'duplicate' };
  // Another instance is on this very message: answer non-2xx so it comes back if that one dies.
  if (claim.kind === 'in_progress') throw new AppError('conflict', 'This message is being processed.', { retryable: true });
  try {
    const result = await processNotification(runtime, note, requestId, signal);
    await claim.complete(result.outcome);
    return result;
  } catch (e) {
    await claim.release();
    throw e;
  }
}

async function processNotification(runtime: Runtime, note: z.infer<typeof Notification>, requestId: string, signal: AbortSignal): Promise<GmailPushResult> {
  const watches = new GmailWatchStore(runtime.stores.db, () => runtime.clock.now());
  const watching = await watches.forMailbox(note.emailAddress);
  if (watching.length === 0) {
    runtime.log.warn('gmail notification for an unknown mailbox', { requestId });
    return { outcome: 'unknown_mailbox' };
  }
  // A shared mailbox: every user who connected it reads its history from their own position.
  // A transient failure for one fails the message; on redelivery the others are simply stale.
  const results: GmailPushResult[] = [];
  for (const watch of watching) results.push(await syncFor(runtime, watches, watch, note, requestId, signal));
  return combined(results);
}

async function syncFor(
  runtime: Runtime,
  watches: GmailWatchStore,
  watch: GmailWatch,
  note: z.infer<typeof Notification>,
  requestId: string,
  signal: AbortSignal,
): Promise<GmailPushResult> {
  // Notifications can arrive out of order; one at or below what we already read adds nothing.
  if (compareHistoryIds(note.historyId, watch.historyId) <= 0) return { outcome: 'stale' };
  const ctx = runtime.contextFor({ uid: watch.uid, via: 'service' }, requestId, signal);
  try {
    const result = await syncMailbox(ctx, watch);
    return { outcome: result.mode === 'resync' ? 'resynced' : 'recorded', recorded: result.recorded };
  } catch (e) {
    if (!(e instanceof AppError) || (e.code !== 'reauth_required' && e.code !== 'not_connected')) throw e;
    // Retrying cannot help until the user reconnects (which restarts the watch).
    ctx.log.warn('gmail notification skipped: the connection needs the user', { code: e.code, user: hashUserId(watch.uid) });
    await watches.postpone(watch, runtime.clock.now().getTime() + WATCH_RENEW_INTERVAL_MS, true);
    return { outcome: 'reauth_required' };
  }
}

/** One user: their outcome. Several: the most telling outcome, and everything recorded. */
function combined(results: GmailPushResult[]): GmailPushResult {
  if (results.length === 1) return results[0] as GmailPushResult;
  const rank: GmailPushOutcome[] = ['resynced', 'recorded', 'reauth_required', 'stale'];
  const outcome = rank.find((o) => results.some((r) => r.outcome === o)) ?? 'stale';
  const recorded = results.reduce((n, r) => n + (r.recorded ?? 0), 0);
  return recorded > 0 || outcome === 'recorded' || outcome === 'resynced' ? { outcome, recorded } : { outcome };
}
