import { z } from 'zod';
import type { Config } from '../../config';
import type { ConnectionProvider } from '../../connections/connections-store';
import { AppError } from '../../errors';
import type { ActionContext } from '../../runtime/context';
import { cloudTaskQueue, type TaskQueue } from '../../providers/cloud-tasks/task-queue';
import { ScheduledSendsStore, type ScheduledSend, type SendKind } from '../../store/scheduled-sends-store';
import { previewAccount } from '../preview';

// What schedule_email and schedule_post share: the send time, the account pinned at scheduling
// (the approval named it; the send uses exactly it), the record, then the one Cloud Task.

/** Cloud Tasks refuses a scheduleTime more than 30 days ahead. */
const MAX_AHEAD_MS = 30 * 24 * 60 * 60 * 1000;

export const sendAtField = z.iso
  .datetime({ offset: true })
  .describe('When to send, RFC 3339 with a time zone offset (e.g. 2026-12-01T09:00:00+01:00); in the future, at most 30 days ahead.');

export const ScheduledSendView = z.object({
  id: z.string(),
  kind: z.enum(['email', 'post']),
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'unknown', 'cancelled']),
  send_at: z.string(),
  account: z.string(),
  summary: z.string(),
  created_at: z.string(),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

export function toView(s: ScheduledSend): z.infer<typeof ScheduledSendView> {
  const summary = s.kind === 'email' ? `To ${(s.input.to as string[]).join(', ')}: "${String(s.input.subject)}"` : String(s.input.text).slice(0, 80);
  return {
    id: s.id,
    kind: s.kind,
    status: s.status,
    send_at: s.sendAt,
    account: s.account,
    summary,
    created_at: s.createdAt,
    result: s.result ?? null,
    error: s.error ?? null,
  };
}

const queues = new WeakMap<Config, TaskQueue>();

/** One lazily created Cloud Tasks client per configuration (i.e. per instance). */
export function taskQueue(config: Config): TaskQueue {
  let q = queues.get(config);
  if (!q) {
    q = cloudTaskQueue(config);
    queues.set(config, q);
  }
  return q;
}

export function sendStore(ctx: Pick<ActionContext, 'stores' | 'clock'>): ScheduledSendsStore {
  return new ScheduledSendsStore(ctx.stores.db, () => ctx.clock.now());
}

function checkSendAt(sendAt: string, now: Date): Date {
  const at = new Date(sendAt);
  if (at.getTime() <= now.getTime()) throw new AppError('invalid_input', 'send_at is in the past; choose a later time.', { details: { field: 'send_at' } });
  if (at.getTime() - now.getTime() > MAX_AHEAD_MS)
    throw new AppError('invalid_input', 'send_at is more than 30 days ahead.', { details: { field: 'send_at' } });
  return at;
}

export interface ScheduleRequest {
  kind: SendKind;
  provider: ConnectionProvider;
  scopes: readonly string[];
  /** The send action's input (account hint included). */
  input: Record<string, unknown> & { account?: string };
  sendAt: string;
}

export async function scheduleSend(ctx: ActionContext, req: ScheduleRequest): Promise<z.infer<typeof ScheduledSendView>> {
  const now = ctx.clock.now();
  const at = checkSendAt(req.sendAt, now);
  const pctx = { uid: ctx.user.uid, config: ctx.config, connections: ctx.stores.connections };
  const account = (await previewAccount(pctx, req.provider, req.scopes, req.input.account)).account;
  const queue = taskQueue(ctx.config);
  const id = ctx.ids.random();
  const send: ScheduledSend = {
    id,
    kind: req.kind,
    input: { ...req.input, account },
    account,
    sendAt: at.toISOString(),
    status: 'pending',
    taskName: queue.taskName(id),
    createdAt: now.toISOString(),
  };
  const store = sendStore(ctx);
  await store.create(ctx.user.uid, send);
  try {
    // The task carries only where to look: the content stays in Firestore, under the user.
    await queue.enqueue(id, { uid: ctx.user.uid, id }, at);
  } catch (e) {
    await store.finish(ctx.user.uid, id, { status: 'failed', error: { code: 'not_enqueued', message: 'Cloud Tasks did not accept the send.' } });
    throw e;
  }
  return toView(send);
}
