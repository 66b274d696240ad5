import { AppError } from '../errors';
import { REAPPROVAL_REQUIRED } from '../providers/cartpilot/errors';
import { canonicalJson } from '../store/idempotency';
import type { ItemInput } from './checkout-create';
import { checkoutKey, keyedWrite } from './checkout-keys';
import { currentApproval, invalidateApproval, isLive } from './checkout-sync';
import type { Commerce } from './deps';
import { quoteHash, quoteOf, reapprovalRequired } from './receipt';
import { checkoutView } from './views';

// quote_checkout: asks the merchant for current prices. Each call is a new quote (its upstream
// key carries a sequence number, so CartPilot re-prices instead of replaying the last quote; a
// refusal — out of stock — retires the checkout's keys, so the next try is asked afresh).
// If the new quote is not exactly what a live approval bound — total, currency, lines, unit
// prices, or the contact email the merchant receives — that approval is void and the caller gets
// 409 REAPPROVAL_REQUIRED: the user must approve the new receipt.

export async function quoteCheckout(cm: Commerce, uid: string, checkoutId: string, items?: readonly ItemInput[], customerEmail?: string) {
  let rec = await cm.checkouts.getOwned(uid, checkoutId);
  const wireItems = items
    ? items.map((i) => ({ product_id: i.product_id, variant_id: i.variant_id ?? null, quantity: i.quantity }))
    : rec.requestedItems.map((i) => ({ product_id: i.productId, variant_id: i.variantId, quantity: i.quantity }));
  const body = { items: wireItems, ...(customerEmail ? { customer_email: customerEmail } : {}) };
  // CartPilot keeps the last email sent; a new one reaches the merchant with the order. If a live
  // approval bound another, it is void BEFORE the email is sent, so no purchase can go through with
  // an email the person did not see.
  const contact = customerEmail ?? rec.customerEmail;
  let approval = await currentApproval(cm, rec);
  const contactChanged = isLive(approval) && approval.customerEmail !== contact;
  if (contactChanged) rec = await invalidateApproval(cm, rec, uid, 'contact_changed');
  const seq = rec.quoteSeq + 1;
  const key = checkoutKey(rec, 'quote', String(seq), canonicalJson(body));
  const cp = await keyedWrite(cm, rec, () => cm.api.quoteCheckout(checkoutId, body, key));
  const quote = quoteOf(cp);
  const patch = {
    status: cp.status,
    quote,
    quoteSeq: seq,
    requoteRequired: false,
    customerEmail: contact,
    requestedItems: wireItems.map((i) => ({ productId: i.product_id, variantId: i.variant_id, quantity: i.quantity })),
    // CartPilot drops its frozen receipt when the total moved; mirror that.
    ...(cp.frozen_receipt ? {} : { receipt: null }),
  };
  if (contactChanged && approval) {
    await cm.checkouts.update(rec, patch, { actor: uid, action: 'quote_received', from: rec.status, to: cp.status, details: { contact_changed: true } });
    throw contactReapproval(checkoutId, approval.customerEmail, contact);
  }
  approval = await currentApproval(cm, rec);
  if (isLive(approval) && (!quote || quoteHash(quote) !== approval.receiptHash)) {
    // The re-quote itself succeeded (patch clears requoteRequired): the next step is a new approval.
    await invalidateApproval(cm, rec, uid, 'requote_changed_receipt', patch);
    throw reapprovalRequired(checkoutId, approval, quote);
  }
  const next = await cm.checkouts.update(rec, patch, {
    actor: uid,
    action: 'quote_received',
    from: rec.status,
    to: cp.status,
    details: { total_cents: quote?.totalCents ?? null, currency: quote?.currency ?? null },
  });
  return checkoutView(next, approval, cm.clock.now());
}

/** 409 REAPPROVAL_REQUIRED: the order would now go out with a contact email the person did not approve. */
function contactReapproval(checkoutId: string, approved: string | null, now: string | null): AppError {
  return new AppError('conflict', 'The contact email changed since approval; the old approval is void and the purchase must be approved again.', {
    details: { code: REAPPROVAL_REQUIRED, reason: 'contact_changed', checkout_id: checkoutId, approved_customer_email: approved, new_customer_email: now },
  });
}
