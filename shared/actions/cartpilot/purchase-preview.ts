import type { z } from 'zod';
import type { Preview } from '../preview';
import type { ApprovalView } from '../../commerce/views';

// The frozen receipt as the person approving a purchase sees it: every line with its unit price,
// tax, shipping and the total, in the receipt's own currency, the contact email the merchant will
// send order updates to, and the hash the purchase is bound to.

type Money = { amount: number; currency: string };

export function purchasePreview(request: z.infer<typeof ApprovalView>): Preview {
  const r = request.receipt;
  return {
    kind: 'purchase',
    title: `Buy ${r.items.map((i) => `${i.quantity} × ${i.title}`).join(', ')} for ${money(r.total)}`,
    details: {
      checkout_id: request.checkout_id,
      merchant_id: request.merchant_id,
      // Everything the merchant receives with the order besides the lines: the contact email.
      order_updates_to: request.customer_email,
      items: r.items.map((i) => ({ title: i.title, quantity: i.quantity, unit_price: money(i.unit_price), line_total: money(i.line_total) })),
      subtotal: money(r.subtotal),
      tax: money(r.tax),
      shipping: money(r.shipping),
      total: money(r.total),
      total_minor_units: r.total.amount,
      currency: r.total.currency,
      receipt_hash: r.hash,
    },
  };
}

/** Integer minor units → "USD 12.34" (all CartPilot currencies have two decimals). */
function money(m: Money): string {
  return `${m.currency} ${(m.amount / 100).toFixed(2)}`;
}
