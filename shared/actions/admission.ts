import type { ActionContext } from '../runtime/context';
import { type AnyAction, throttleClassOf } from './define-action';

// What a run a person causes waits on before the action may act: its count against the person's
// rate limit (store/throttle.ts). Work the backend does on its own (digests, push) is not counted.
// While that count is out (on a cold instance, a Firestore transaction), the read of the caller's
// connections that the action's session starts from is already under way: an action that acts on
// a connected account (a Google or X provider with scopes) reads it first thing anyway, and the
// two no longer follow each other. Nothing reaches a provider before the count says yes.

/** Starts the count (and the connection read ahead); the promise settles when the run may go on. */
export function admit(action: AnyAction, ctx: ActionContext): Promise<void> {
  if ((action.provider === 'google' || action.provider === 'x') && action.scopes.length > 0) {
    ctx.clients.readAhead(action.provider, { readOnly: action.effect === 'read' });
  }
  // The backend's own runs (a scheduled send, a digest) are not counted; their read ahead still
  // overlaps what they wait on first (an effect record).
  if (ctx.user.via === 'service') return Promise.resolve();
  const admitted = ctx.stores.throttle.take(ctx.user.uid, throttleClassOf(action));
  // A caller may wait on something else first (an idempotency claim) and learn of a refusal later.
  admitted.catch(() => undefined);
  return admitted;
}
