import type { ActionContext } from '../runtime/context';
import type { Runtime } from '../runtime/runtime';
import { AppError } from '../errors';
import { DigestStore, type Claim } from './digest-store';
import { DigestSettingsStore, type StoredSettings } from './settings-store';
import type { DigestJob } from './publisher';
import { buildDigest } from './build';
import { openSender, sendDigestMail, sendFailureKind } from './send';

// One digest job: claim (user, local date) → build → send → store. Exactly one digest per user
// and local date (digest-store.ts). Outcomes retrying cannot change are acknowledged — a
// connection that needs re-consent gets a stored reconnect notice (shown by digest-settings)
// instead of a failure loop. A transient failure before sending gives the claim back and throws,
// so Pub/Sub redelivers this one job; other users' jobs are separate messages and unaffected.

export type WorkerOutcome = 'sent' | 'duplicate' | 'disabled' | 'reconnect_required' | 'skipped' | 'failed' | 'send_unknown';

type Owned = Extract<Claim, { kind: 'claimed' }>;

const DAY_MS = 24 * 60 * 60 * 1000;

export async function runDigestJob(runtime: Runtime, job: DigestJob, requestId: string, signal: AbortSignal): Promise<WorkerOutcome> {
  const now = () => runtime.clock.now();
  const settings = await new DigestSettingsStore(runtime.stores.db, now).get(job.uid);
  if (!settings?.enabled) return 'disabled';
  const digests = new DigestStore(runtime.stores.db, now);
  const claim = await digests.claim(job.uid, job.localDate);
  if (claim.kind === 'done') return 'duplicate';
  // Another worker holds this date: come back later (it finishes, or its lease runs out).
  if (claim.kind === 'in_progress') throw new AppError('conflict', 'This digest is being built by another worker.', { retryable: true });
  const ctx = runtime.contextFor({ uid: job.uid, via: 'service' }, requestId, signal);
  try {
    return await buildAndSend(ctx, digests, claim, settings, job);
  } catch (e) {
    const notice = userActionNeeded(e);
    if (notice) {
      await digests.finish(claim.ref, notice.state, { notice: notice.notice });
      return notice.state;
    }
    await digests.release(claim);
    throw e;
  }
}

async function buildAndSend(ctx: ActionContext, digests: DigestStore, claim: Owned, settings: StoredSettings, job: DigestJob): Promise<WorkerOutcome> {
  const sender = await openSender(ctx);
  const since = settings.lastDigestAt ?? new Date(Date.parse(job.dueAt) - DAY_MS).toISOString();
  const built = await buildDigest(ctx, settings, job.localDate, since, sender.account.email);
  const to = settings.deliveryAddress ?? sender.account.email;
  const sending = await digests.startSending(claim);
  if (!sending) return 'duplicate';
  let gmailMessageId: string;
  try {
    gmailMessageId = await sendDigestMail(ctx, sender, to, built);
  } catch (e) {
    const kind = sendFailureKind(e);
    if (kind === 'reauth') throw e;
    // Refused before Gmail accepted anything: give the date back for the redelivery.
    if (kind === 'retry') {
      await digests.release({ ...claim, updateTime: sending });
      throw e;
    }
    const state = kind === 'final' ? 'failed' : 'send_unknown';
    ctx.log.error('digest send failed', { state, err: e });
    await digests.finish(claim.ref, state, { subject: built.subject, error: e instanceof AppError ? e.code : 'internal' });
    return state;
  }
  const sentAt = ctx.clock.now().toISOString();
  await digests.finish(claim.ref, 'sent', { subject: built.subject, text: built.text, sentTo: to, sentAt, gmailMessageId, counts: built.counts });
  await new DigestSettingsStore(ctx.stores.db, () => ctx.clock.now()).markDelivered(ctx.user.uid, sentAt);
  return 'sent';
}

/** reauth_required → reconnect notice; not_connected (no Gmail send permission) → skipped. */
function userActionNeeded(e: unknown): { state: 'reconnect_required' | 'skipped'; notice: Record<string, unknown> } | undefined {
  if (!(e instanceof AppError)) return undefined;
  const connectUrl = typeof e.details?.connectUrl === 'string' ? e.details.connectUrl : undefined;
  if (e.code === 'reauth_required')
    return {
      state: 'reconnect_required',
      notice: { code: e.code, message: 'Reconnect your Google account to receive your daily digest.', ...(connectUrl ? { connectUrl } : {}) },
    };
  if (e.code === 'not_connected') return { state: 'skipped', notice: { code: e.code, message: e.message, ...(connectUrl ? { connectUrl } : {}) } };
  return undefined;
}
