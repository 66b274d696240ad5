import { AppError } from '../errors';
import { REAPPROVAL_REQUIRED } from '../providers/cartpilot/errors';
import { frozenReceiptHash, verifyFrozenReceipt, type Checkout, type FrozenReceipt } from '../providers/cartpilot/schemas';
import type { ApprovalRecord, CheckoutRecord, Quote, Receipt } from './commerce-records';

// What exactly is being bought, and its fingerprint. The fingerprint is CartPilot's own
// frozen-receipt hash (total, currency, and every line's product, variant, quantity and unit
// price), computed by us too: an approval binds that hash, and a purchase proceeds only while
// CartPilot's current quote still hashes to it.

/** The merchant's current quote in a CartPilot checkout (null before the first quote). */
export function quoteOf(cp: Checkout): Quote | null {
  if (!cp.total) return null;
  return {
    lines: cp.items.map((i) => ({
      productId: i.product_id,
      variantId: i.variant_id ?? null,
      sku: i.sku,
      title: i.title,
      unitPriceCents: i.unit_price.amount,
      quantity: i.quantity,
    })),
    subtotalCents: cp.subtotal?.amount ?? 0,
    taxCents: cp.tax?.amount ?? 0,
    shippingCents: cp.shipping?.amount ?? 0,
    totalCents: cp.total.amount,
    currency: cp.total.currency,
  };
}

export function quoteHash(q: Quote): string {
  return frozenReceiptHash({
    total_cents: q.totalCents,
    currency: q.currency,
    items: q.lines.map((l) => ({ product_id: l.productId, variant_id: l.variantId, quantity: l.quantity, unit_price_cents: l.unitPriceCents })),
  });
}

/**
 * The receipt CartPilot froze, after checking that its hash is the hash of its own contents and
 * that it is the quote the checkout currently holds. Anything else is refused: we never ask a
 * human to approve a receipt whose fingerprint does not add up.
 */
export function verifiedReceipt(cp: Checkout): Receipt {
  const fr = cp.frozen_receipt;
  const quote = quoteOf(cp);
  if (!fr || !quote) throw badReceipt(cp.id, 'CartPilot returned no frozen receipt.');
  if (!verifyFrozenReceipt(fr)) throw badReceipt(cp.id, 'The frozen receipt does not match its own hash.');
  const receipt = receiptOf(fr);
  if (quoteHash(quote) !== receipt.hash) throw badReceipt(cp.id, 'The frozen receipt is not the current quote.');
  return receipt;
}

function receiptOf(fr: FrozenReceipt): Receipt {
  return {
    hash: fr.hash.toLowerCase(),
    lines: fr.items.map((i) => ({
      productId: i.product_id,
      variantId: i.variant_id ?? null,
      sku: i.sku,
      title: i.title,
      unitPriceCents: i.unit_price_cents,
      quantity: i.quantity,
    })),
    subtotalCents: fr.subtotal_cents,
    taxCents: fr.tax_cents,
    shippingCents: fr.shipping_cents,
    totalCents: fr.total_cents,
    currency: fr.currency,
    frozenAt: fr.frozen_at,
  };
}

function badReceipt(checkoutId: string, message: string): AppError {
  return new AppError('upstream_error', message, { details: { provider: 'cartpilot', checkout_id: checkoutId } });
}

/**
 * The approval binds exactly this receipt and everything else the merchant would receive with
 * the order (the contact email its updates go to).
 */
export function bindsCheckout(
  a: Pick<ApprovalRecord, 'receiptHash' | 'customerEmail'>,
  receiptHash: string,
  rec: Pick<CheckoutRecord, 'customerEmail'>,
): boolean {
  return a.receiptHash === receiptHash && a.customerEmail === rec.customerEmail;
}

type Total = { totalCents: number; currency: string };

/** 409 conflict, details.code REAPPROVAL_REQUIRED: what was approved is not what would be bought. */
export function reapprovalRequired(checkoutId: string, approved: Total, now?: Total | null): AppError {
  const money = (t: Total) => ({ amount: t.totalCents, currency: t.currency });
  return new AppError('conflict', 'The price or contents changed since approval; the old approval is void and the new receipt must be approved.', {
    details: { code: REAPPROVAL_REQUIRED, checkout_id: checkoutId, original_total: money(approved), ...(now ? { new_total: money(now) } : {}) },
  });
}
