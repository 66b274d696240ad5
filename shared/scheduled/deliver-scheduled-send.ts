import { z } from 'zod';
import { AppError, hadNoEffect, toAppError } from '../errors';
import type { Runtime } from '../runtime/runtime';
import { ScheduledSendsStore } from '../store/scheduled-sends-store';
import type { AnyAction } from '../actions/define-action';
import { execute } from '../actions/execute';
import { executeOnce } from '../effects/run-once';
import { sendEmail } from '../actions/gmail/send-email';
import { postTweet } from '../actions/x/post-tweet';

// One delivery of a scheduled send's Cloud Task. Cloud Tasks delivers at least once, so the send
// is claimed first (pending → sending, a transaction): only the delivery that wins it sends; a
// second delivery, a cancelled send or one already done is acknowledged without sending. The send
// itself runs through the effect machinery (shared/effects/run-once.ts) under an effect id fixed
// by the send: if a delivery died mid-send and a later one retakes the stale claim, the provider
// is searched for the first attempt before anything is sent again. Every outcome is acknowledged
// (200): a send whose outcome is unknown is recorded as such, never retried blindly.

export const TaskBody = z.strictObject({
  uid: z.string().min(1).max(128),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
});

export type DeliveryOutcome = 'sent' | 'failed' | 'outcome_unknown' | 'cancelled' | 'already_handled' | 'unknown_send';

const SENDERS: Record<'email' | 'post', AnyAction> = { email: sendEmail as never, post: postTweet as never };

export function parseTaskBody(body: unknown): z.infer<typeof TaskBody> {
  const parsed = TaskBody.safeParse(body);
  if (!parsed.success) throw new AppError('invalid_input', 'The task body must be {"uid","id"}.', { details: { issues: parsed.error.issues.length } });
  return parsed.data;
}

export async function deliverScheduledSend(runtime: Runtime, task: z.infer<typeof TaskBody>, requestId: string, signal: AbortSignal): Promise<DeliveryOutcome> {
  const store = new ScheduledSendsStore(runtime.stores.db, () => runtime.clock.now());
  const claim = await store.claim(task.uid, task.id);
  if (claim.kind === 'skip') {
    if (claim.status === 'cancelled') return 'cancelled';
    return claim.status === 'missing' ? 'unknown_send' : 'already_handled';
  }
  const { send } = claim;
  const ctx = runtime.contextFor({ uid: task.uid, via: 'service' }, requestId, signal);
  const action = SENDERS[send.kind];
  try {
    const effectId = `scheduled-${send.id}`;
    const output = action.once ? await executeOnce(action, ctx, send.input, { effectId }) : await execute(action, ctx, send.input);
    await store.finish(task.uid, send.id, { status: 'sent', result: output as Record<string, unknown> });
    return 'sent';
  } catch (e) {
    const err = toAppError(e);
    // Certainly not sent (refused before the provider took it) is a failure; anything else is unknown.
    const status = hadNoEffect(err) ? 'failed' : 'unknown';
    runtime.log.warn('scheduled send did not complete', { sendId: send.id, code: err.code, status });
    await store.finish(task.uid, send.id, { status, error: { code: err.code, message: err.message } });
    return status === 'failed' ? 'failed' : 'outcome_unknown';
  }
}
