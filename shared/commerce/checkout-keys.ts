import { isCartPilotRefusal } from '../providers/cartpilot/errors';
import { upstreamKey } from '../providers/cartpilot/idempotency-keys';
import type { CheckoutRecord } from './commerce-records';
import type { Commerce } from './deps';

// The Idempotency-Keys of a checkout's writes (quote, request-approval, approve, confirm).
// CartPilot caches EVERY answer below 500 under its key for 24 h, refusals included (measured).
// A key is therefore only for resending after a lost answer: once CartPilot has definitely
// refused (out of stock, a state error, a 401…), the next attempt must be a new operation, or
// it would be handed the old refusal for a day. Each key carries the checkout's keyEpoch, which
// a refusal bumps.

export function checkoutKey(rec: CheckoutRecord, operation: string, ...parts: readonly string[]): string {
  return upstreamKey(rec.uid, operation, rec.checkoutId, `e${rec.keyEpoch}`, ...parts);
}

/** Runs one upstream write of the checkout; a definite refusal moves the checkout to new keys. */
export async function keyedWrite<T>(cm: Commerce, rec: CheckoutRecord, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isCartPilotRefusal(e)) await retireKeys(cm, rec);
    throw e;
  }
}

/** Bookkeeping that must not mask the refusal being reported. */
export async function retireKeys(cm: Commerce, rec: CheckoutRecord): Promise<void> {
  try {
    await cm.checkouts.bumpKeyEpoch(rec.uid, rec.checkoutId);
  } catch (e) {
    cm.log.warn('could not retire the checkout’s idempotency keys', { err: e, checkoutId: rec.checkoutId });
  }
}
