import type { AnyAction } from '../actions/define-action';
import { execute } from '../actions/execute';
import { admit } from '../actions/admission';
import type { ActionContext } from '../runtime/context';
import { type AppError, hadNoEffect, toAppError } from '../errors';
import { canonicalJson, fingerprintOf } from '../store/idempotency';
import type { EffectRecord, EffectSubject } from '../store/effects/effect-record';
import type { EffectStore } from '../store/effects/effects-store';

// Runs a write so that it happens at most once at the provider, and its record says whether it
// did. Before anything is sent, the effect's record is begun (and chained); after, it is settled
// with the provider's id. An attempt after a lost answer first looks at the provider (the action's
// `once.find`: Calendar by the event id, Gmail by Message-ID, X in the recent posts) and only
// sends again if nothing is there. A lost answer the lookup cannot resolve stays `unknown` for the
// reconciler; the caller gets the error, never a second send.

export interface EffectOrigin {
  effectId: string;
  approvalId?: string;
  idempotencyRef?: string;
  /** The run's admission (actions/admission.ts) if the caller started it already; otherwise it starts here. */
  admitted?: Promise<void>;
}

export async function executeOnce(
  action: AnyAction,
  ctx: ActionContext,
  input: unknown,
  origin: EffectOrigin,
  store: EffectStore = ctx.stores.effects,
): Promise<unknown> {
  const uid = ctx.user.uid;
  // The record is begun while the run's admission is counted (both are a transaction on a cold
  // instance); a run the rate limit then refuses settles its record as not applied, like any
  // failure that certainly had no effect. Nothing reaches the provider before admission.
  const admitted = origin.admitted ?? admit(action, ctx);
  const begun = await store.begin(uid, subjectOf(action, input, origin));
  if (begun.kind === 'applied') return storedOutput(begun.record);
  const handled = { ...ctx, effect: { id: origin.effectId, startedAtMs: begun.record.createdAtMs } };
  if (begun.kind === 'in_doubt') {
    await admitted;
    // Never send again before knowing the first attempt is not there.
    const earlier = await lookUp(action, handled, input);
    if (earlier.kind === 'found') return settleApplied(action, store, uid, origin.effectId, earlier.output);
    if (earlier.kind === 'cannot_tell') {
      // Whatever stopped the lookup says nothing about the first attempt: it stays in doubt.
      await store.settle(uid, origin.effectId, { status: 'unknown', error: { code: earlier.error.code, message: earlier.error.message } });
      throw earlier.error;
    }
  }
  let output: unknown;
  try {
    output = await execute(action, handled, input, admitted);
  } catch (e) {
    return settleFailure(action, handled, input, store, toAppError(e));
  }
  return settleApplied(action, store, uid, origin.effectId, output);
}

type Handled = ActionContext & { effect: { id: string; startedAtMs: number } };

/** A failed attempt: not applied (certainly no effect), applied after all (found), or unknown (thrown). */
async function settleFailure(action: AnyAction, ctx: Handled, input: unknown, store: EffectStore, err: AppError): Promise<unknown> {
  const uid = ctx.user.uid;
  const error = { code: err.code, message: err.message };
  if (hadNoEffect(err)) {
    await store.settle(uid, ctx.effect.id, { status: 'not_applied', error });
    throw err;
  }
  // The answer was lost, not necessarily the write: if it is there, it happened (once). Until the
  // record says otherwise it stays pending, which the reconciler treats like unknown.
  const found = await lookUp(action, ctx, input);
  if (found.kind === 'found') {
    ctx.log.warn('write answer lost; found at the provider', { tool: action.name, effect: ctx.effect.id });
    return settleApplied(action, store, uid, ctx.effect.id, found.output);
  }
  await store.settle(uid, ctx.effect.id, { status: 'unknown', error });
  throw err;
}

async function settleApplied(action: AnyAction, store: EffectStore, uid: string, effectId: string, output: unknown): Promise<unknown> {
  const once = action.once;
  const providerId = once ? once.providerId(output as never) : '';
  const account = (output as { account?: unknown } | undefined)?.account;
  await store.settle(uid, effectId, { status: 'applied', providerId, output, account: typeof account === 'string' ? account : undefined });
  return output;
}

export type LookUp = { kind: 'found'; output: unknown } | { kind: 'absent' } | { kind: 'cannot_tell'; error: AppError };

/** The provider's trace of an earlier attempt: there, certainly not there, or cannot tell now. */
export async function lookUp(action: AnyAction, ctx: Handled, input: unknown): Promise<LookUp> {
  const once = action.once;
  if (!once) return { kind: 'cannot_tell', error: toAppError(new Error(`${action.name} cannot be looked up`)) };
  try {
    const output = await once.find(input as never, ctx, ctx.effect);
    return output === undefined ? { kind: 'absent' } : { kind: 'found', output: action.output.parse(output) };
  } catch (e) {
    const error = toAppError(e);
    ctx.log.warn('could not look for an earlier attempt', { tool: action.name, effect: ctx.effect.id, code: error.code });
    return { kind: 'cannot_tell', error };
  }
}

function subjectOf(action: AnyAction, input: unknown, origin: EffectOrigin): EffectSubject {
  const account = (input as { account?: unknown }).account;
  return {
    effectId: origin.effectId,
    tool: action.name,
    approvalId: origin.approvalId ?? null,
    idempotencyRef: origin.idempotencyRef ?? null,
    argsHash: fingerprintOf({ tool: action.name, input }),
    args: canonicalJson(input),
    account: typeof account === 'string' ? account : null,
  };
}

export function storedOutput(r: EffectRecord): unknown {
  return r.output === null ? null : JSON.parse(r.output);
}
