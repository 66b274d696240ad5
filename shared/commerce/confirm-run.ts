import { z } from 'zod';
import { AppError } from '../errors';
import type { ConfirmResult } from '../providers/cartpilot/schemas';
import type { ApprovalRecord, CheckoutRecord, OrderRecord } from './commerce-records';
import type { Confirmed } from './confirmations-store';
import { onConfirmFailure, settle } from './confirm-failure';
import type { Commerce } from './deps';
import { quoteHash, quoteOf, reapprovalRequired } from './receipt';
import { resolveOrderId } from './resolve-order';

// The confirm claim's winner: check the receipt one last time, confirm with the claim's key,
// then record the purchase (claim result, checkout, approval used, order + its indexes) in one
// commit. A refusal releases the claim; a lost answer leaves it 'unknown' for a retry (see
// confirm-failure.ts).

export const ConfirmView = z.object({
  checkout_id: z.string(),
  order_id: z.string(),
  merchant_order_id: z.string(),
  status: z.literal('confirmed'),
  total: z.object({ amount: z.int(), currency: z.string() }),
  confirmed_at: z.string(),
  /** True when this is the result of an earlier (or concurrent) confirmation of the same receipt. */
  replayed: z.boolean(),
});

export function confirmedView(checkoutId: string, c: Confirmed, replayed: boolean): z.infer<typeof ConfirmView> {
  return {
    checkout_id: checkoutId,
    order_id: c.orderId,
    merchant_order_id: c.merchantOrderId,
    status: 'confirmed',
    total: { amount: c.totalCents, currency: c.currency },
    confirmed_at: c.confirmedAt,
    replayed,
  };
}

export async function runConfirm(cm: Commerce, rec: CheckoutRecord, approval: ApprovalRecord, key: string) {
  let result: ConfirmResult;
  try {
    await preflight(cm, rec.checkoutId, approval);
    result = await cm.api.confirmCheckout(rec.checkoutId, key);
  } catch (e) {
    throw await onConfirmFailure(cm, rec, approval, e);
  }
  let confirmed: Confirmed;
  try {
    confirmed = await finalize(cm, rec, approval, result);
  } catch (e) {
    // The purchase happened; the next confirm takes the claim over, is replayed, and records it.
    await settle(cm, () => cm.confirmations.markUnknown(rec.uid, rec.checkoutId, approval.receiptHash));
    throw e;
  }
  await settle(cm, async () => cm.orders.sync(rec.uid, await cm.api.getOrder(confirmed.orderId), rec.uid));
  return confirmedView(rec.checkoutId, confirmed, false);
}

/** CartPilot's checkout must still hold exactly the receipt the user approved. */
async function preflight(cm: Commerce, checkoutId: string, a: ApprovalRecord): Promise<void> {
  const cp = await cm.api.getCheckout(checkoutId);
  // Already confirmed: an earlier attempt got through and its answer was lost; confirm replays it.
  if (cp.status === 'confirmed') return;
  const quote = quoteOf(cp);
  const frozen = cp.frozen_receipt?.hash.toLowerCase();
  if (frozen !== a.receiptHash || !quote || quoteHash(quote) !== a.receiptHash) throw reapprovalRequired(checkoutId, a, quote);
}

/** The confirmed order's id: in the answer, or — when CartPilot leaves it null — from its order list. */
async function orderIdOf(cm: Commerce, rec: CheckoutRecord, r: ConfirmResult): Promise<string> {
  const id = r.order_id ?? (await resolveOrderId(cm, rec.merchantId, r.merchant_order_id));
  if (id) return id;
  throw new AppError('upstream_error', 'CartPilot confirmed the purchase without an order id, and its order list does not show it yet.', {
    details: { provider: 'cartpilot', checkout_id: rec.checkoutId, merchant_order_id: r.merchant_order_id },
  });
}

async function finalize(cm: Commerce, rec: CheckoutRecord, a: ApprovalRecord, r: ConfirmResult): Promise<Confirmed> {
  const c: Confirmed = {
    orderId: await orderIdOf(cm, rec, r),
    merchantOrderId: r.merchant_order_id,
    totalCents: r.total.amount,
    currency: r.total.currency,
    confirmedAt: r.confirmed_at,
  };
  if (c.totalCents !== a.totalCents || c.currency !== a.currency) {
    cm.log.error('CartPilot charged a total other than the approved one', { checkoutId: rec.checkoutId, approved: a.totalCents, charged: c.totalCents });
  }
  const db = await cm.db();
  await db.runTransaction(async (tx) => {
    const fresh = await cm.checkouts.getInTx(tx, db, rec.uid, rec.checkoutId);
    const orderExists = await cm.orders.existsInTx(tx, db, rec.uid, c.orderId);
    cm.confirmations.completeInTx(tx, db, rec.uid, rec.checkoutId, a.receiptHash, c);
    cm.approvals.markUsedInTx(tx, db, a);
    cm.checkouts.updateInTx(
      tx,
      db,
      fresh,
      { status: 'confirmed', orderId: c.orderId, merchantOrderId: c.merchantOrderId, confirmedAt: c.confirmedAt },
      {
        actor: rec.uid,
        action: 'confirmed',
        from: fresh.status,
        to: 'confirmed',
        details: { order_id: c.orderId, total_cents: c.totalCents, approval_id: a.approvalId },
      },
    );
    if (!orderExists) cm.orders.createInTx(tx, db, newOrder(fresh, c, cm.clock.now().toISOString()));
  });
  return c;
}

function newOrder(rec: CheckoutRecord, c: Confirmed, now: string): OrderRecord {
  return {
    uid: rec.uid,
    orderId: c.orderId,
    checkoutId: rec.checkoutId,
    merchantId: rec.merchantId,
    merchantOrderId: c.merchantOrderId,
    status: 'pending',
    totalCents: c.totalCents,
    currency: c.currency,
    lines: rec.receipt?.lines ?? rec.quote?.lines ?? [],
    trackingNumber: null,
    carrier: null,
    version: 0,
    historyCount: 0,
    createdAt: now,
    updatedAt: now,
  };
}
