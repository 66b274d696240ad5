import { type AppError, isAppError } from '../errors';
import { isCartPilotRefusal, isReapprovalRequired } from '../providers/cartpilot/errors';
import { retireKeys } from './checkout-keys';
import { invalidateApproval } from './checkout-sync';
import type { ApprovalRecord, CheckoutRecord } from './commerce-records';
import type { Commerce } from './deps';
import { quoteOf, reapprovalRequired } from './receipt';

// What a failed confirm leaves behind, by what is known of its outcome:
//   * CartPilot refused (any answer below 500): nothing was bought. The claim is released, and
//     the checkout's keys retired — CartPilot caches the refusal under the key for 24 h, so the
//     next attempt (stock back, say) must be a new operation. A price change also voids the
//     approval, refunding the day's spending, and the caller is told the new total if the
//     checkout shows one (the real REAPPROVAL_REQUIRED body carries no totals).
//   * we refused before sending (our own 4xx): the claim is released.
//   * no answer (timeout, 5xx): the purchase may have happened; the claim is left 'unknown' so the
//     next request takes it over and resends under the same key.

/** Settles the claim and returns the error to report. */
export async function onConfirmFailure(cm: Commerce, rec: CheckoutRecord, a: ApprovalRecord, e: unknown): Promise<unknown> {
  const release = () => cm.confirmations.release(rec.uid, rec.checkoutId, a.receiptHash);
  if (isReapprovalRequired(e)) {
    await settle(cm, release);
    await settle(cm, async () => invalidateApproval(cm, await cm.checkouts.getOwned(rec.uid, rec.checkoutId), rec.uid, 'price_changed'));
    const reported = isCartPilotRefusal(e) ? await withCurrentTotal(cm, rec.checkoutId, a, e) : e;
    if (isCartPilotRefusal(e)) await retireKeys(cm, rec);
    return reported;
  }
  if (isCartPilotRefusal(e)) {
    await settle(cm, release);
    await retireKeys(cm, rec);
  } else if (isAppError(e) && e.status < 500) {
    await settle(cm, release);
  } else {
    await settle(cm, () => cm.confirmations.markUnknown(rec.uid, rec.checkoutId, a.receiptHash));
  }
  return e;
}

/** CartPilot's 409 names no totals: the approved one is ours, the new one the checkout's, if it moved. */
async function withCurrentTotal(cm: Commerce, checkoutId: string, a: ApprovalRecord, e: AppError): Promise<AppError> {
  try {
    const quote = quoteOf(await cm.api.getCheckout(checkoutId));
    const moved = quote && (quote.totalCents !== a.totalCents || quote.currency !== a.currency);
    return reapprovalRequired(checkoutId, a, moved ? quote : null);
  } catch (readError) {
    cm.log.warn('could not read the checkout after REAPPROVAL_REQUIRED', { err: readError, checkoutId });
    return e;
  }
}

/** Runs bookkeeping that must not mask the error (or result) being returned. */
export async function settle(cm: Commerce, f: () => Promise<unknown>): Promise<void> {
  try {
    await f();
  } catch (e) {
    cm.log.warn('confirm bookkeeping failed', { err: e });
  }
}
