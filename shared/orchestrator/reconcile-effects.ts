import { actionByName } from '../actions';
import type { Runtime } from '../runtime/runtime';
import { ToolApprovalStore } from '../orchestrator/tool-approvals-store';
import type { ToolResponse } from '../orchestrator/types';
import type { EffectRecord } from '../store/effects/effect-record';
import { lookUp } from '../effects/run-once';

// Settles effects left pending (the instance died mid-write) or unknown (the answer was lost):
// for each, it looks at the provider the way a retry would (Calendar event id, Gmail Message-ID,
// X recent posts) and records applied or not_applied. What the effect answered is updated with
// it: the approval shows executed/failed with the real result, and the Idempotency-Key record
// replays the success (or is freed, when nothing happened). Effects younger than `graceMs` are
// left alone: their attempt may still be running. Last, it seals every user's settled outcomes
// into their hash chain (the one writer of the chains).

export interface ReconcileOptions {
  runtime: Runtime;
  requestId: string;
  signal: AbortSignal;
  /** Only effects untouched for this long (default 5 min, above every function's timeout). */
  graceMs?: number;
  limit?: number;
}

export interface ReconcileReport {
  applied: number;
  notApplied: number;
  stillUnknown: number;
  /** Settled outcomes appended to their users' hash chains. */
  sealed: number;
}

export const DEFAULT_GRACE_MS = 5 * 60 * 1000;
const NOT_DONE = { code: 'not_done', message: 'Checked at the provider: it did not happen.' };

export async function reconcileEffects(o: ReconcileOptions): Promise<ReconcileReport> {
  const { runtime } = o;
  const before = new Date(runtime.clock.now().getTime() - (o.graceMs ?? DEFAULT_GRACE_MS));
  const report: ReconcileReport = { applied: 0, notApplied: 0, stillUnknown: 0, sealed: 0 };
  // Users in parallel; one user's effects one after another (they append to one chain).
  const byUser = new Map<string, EffectRecord[]>();
  for (const { uid, record } of await runtime.stores.effects.unsettled(before, o.limit)) byUser.set(uid, [...(byUser.get(uid) ?? []), record]);
  await Promise.all(
    [...byUser].map(async ([uid, records]) => {
      for (const r of records) {
        const outcome = await settleOne(o, uid, r);
        report[outcome] += 1;
      }
    }),
  );
  // Then every settled outcome (from here or from the writes themselves) goes into its user's chain.
  const store = runtime.stores.effects;
  const sealed = await Promise.all((await store.usersToSeal()).map((uid) => store.seal(uid)));
  report.sealed = sealed.reduce((a, b) => a + b, 0);
  return report;
}

async function settleOne(o: ReconcileOptions, uid: string, r: EffectRecord): Promise<keyof ReconcileReport> {
  const { runtime } = o;
  const action = actionByName(r.tool);
  const parsed = action?.input.safeParse(JSON.parse(r.args));
  if (!action?.once || !parsed?.success) return 'stillUnknown';
  const ctx = { ...runtime.contextFor({ uid, via: 'service' }, o.requestId, o.signal), effect: { id: r.effectId, startedAtMs: r.createdAtMs } };
  const found = await lookUp(action, ctx, parsed.data);
  if (found.kind === 'cannot_tell') return 'stillUnknown';
  const store = runtime.stores.effects;
  const settled =
    found.kind === 'found'
      ? await store.settle(uid, r.effectId, { status: 'applied', providerId: action.once.providerId(found.output as never), output: found.output })
      : await store.settle(uid, r.effectId, { status: 'not_applied', error: NOT_DONE });
  const result: ToolResponse = settled.status === 'applied' ? { output: found.kind === 'found' ? found.output : null } : { error: NOT_DONE };
  await tellWhoAsked(o, uid, settled, result, action.successStatus ?? 200).catch((e: unknown) =>
    runtime.log.warn('settled effect not propagated', { err: e, effect: r.effectId }),
  );
  ctx.log.info('effect settled by reconciler', { tool: r.tool, effect: r.effectId, status: settled.status });
  return settled.status === 'applied' ? 'applied' : 'notApplied';
}

async function tellWhoAsked(o: ReconcileOptions, uid: string, r: EffectRecord, result: ToolResponse, successStatus: number): Promise<void> {
  const { stores, clock } = o.runtime;
  const applied = r.status === 'applied';
  if (r.approvalId) await new ToolApprovalStore(stores.db, () => clock.now()).finish(uid, r.approvalId, applied ? 'executed' : 'failed', result);
  if (!r.idempotencyRef) return;
  if (applied && 'output' in result) await stores.idempotency.complete(r.idempotencyRef, { status: successStatus, body: { data: result.output } });
  // Nothing happened: the key is free again, so the client's retry with it sends (once).
  else await stores.idempotency.release(r.idempotencyRef);
}
