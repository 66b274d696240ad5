import { z } from 'zod';
import { AppError, toAppError } from '../../errors';
import type { Runtime } from '../../runtime/runtime';
import { ScheduledSendsStore } from '../../scheduled/scheduled-sends-store';
import type { AnyAction } from '../define-action';
import { execute } from '../execute';
import { sendEmail } from '../gmail/send-email';
import { postTweet } from '../x/post-tweet';

// One delivery of a scheduled send's Cloud Task. Cloud Tasks delivers at least once, so the send
// is claimed first (pending → sending, a transaction): only the delivery that wins it sends; a
// second delivery, a cancelled send or one already done is acknowledged without sending. A send
// that fails is recorded as failed and acknowledged too: re-running a send whose outcome may be
// unknown could send it twice, so nothing here asks Cloud Tasks to retry after the claim.

export const TaskBody = z.strictObject({
  uid: z.string().min(1).max(128),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
});

export type DeliveryOutcome = 'sent' | 'failed' | 'cancelled' | 'already_handled' | 'unknown_send';

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
  try {
    const result = (await execute(SENDERS[send.kind], ctx, send.input)) as Record<string, unknown>;
    await store.finish(task.uid, send.id, { status: 'sent', result });
    return 'sent';
  } catch (e) {
    const err = toAppError(e);
    runtime.log.warn('scheduled send failed', { sendId: send.id, code: err.code });
    await store.finish(task.uid, send.id, { status: 'failed', error: { code: err.code, message: err.message } });
    return 'failed';
  }
}
