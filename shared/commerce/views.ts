import { z } from 'zod';
import type { Offer } from '../providers/cartpilot/schemas';
import type { ApprovalRecord, CheckoutRecord, Line, OrderRecord, Quote, Receipt } from './commerce-records';

// What the shopping actions answer: our own shapes (snake_case, money as integer minor units with
// its currency), so CartPilot can change its wire format without changing our public contract.

export const Money = z.object({ amount: z.int(), currency: z.string() });
const money = (amount: number, currency: string) => ({ amount, currency });

export const LineView = z.object({
  product_id: z.string(),
  variant_id: z.string().nullable(),
  sku: z.string(),
  title: z.string(),
  unit_price: Money,
  quantity: z.int(),
  line_total: Money,
});
const lineView = (l: Line, currency: string) => ({
  product_id: l.productId,
  variant_id: l.variantId,
  sku: l.sku,
  title: l.title,
  unit_price: money(l.unitPriceCents, currency),
  quantity: l.quantity,
  line_total: money(l.unitPriceCents * l.quantity, currency),
});

export const ReceiptView = z.object({
  hash: z.string(),
  items: z.array(LineView),
  subtotal: Money,
  tax: Money,
  shipping: Money,
  total: Money,
  frozen_at: z.string().nullable(),
});
export function receiptView(r: Quote & { hash: string; frozenAt?: string }) {
  return {
    hash: r.hash,
    items: r.lines.map((l) => lineView(l, r.currency)),
    subtotal: money(r.subtotalCents, r.currency),
    tax: money(r.taxCents, r.currency),
    shipping: money(r.shippingCents, r.currency),
    total: money(r.totalCents, r.currency),
    frozen_at: r.frozenAt ?? null,
  };
}

export const ApprovalSummary = z.object({ approval_id: z.string(), status: z.string(), expires_at: z.string() });

export const CheckoutView = z.object({
  checkout_id: z.string(),
  offer_id: z.string(),
  merchant_id: z.string(),
  status: z.string(),
  items: z.array(LineView),
  subtotal: Money.nullable(),
  tax: Money.nullable(),
  shipping: Money.nullable(),
  total: Money.nullable(),
  frozen_receipt: ReceiptView.nullable(),
  approval: ApprovalSummary.nullable(),
  order_id: z.string().nullable(),
  next_step: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export function checkoutView(c: CheckoutRecord, approval?: ApprovalRecord, now: Date = new Date()) {
  const q = c.quote;
  return {
    checkout_id: c.checkoutId,
    offer_id: c.offerId,
    merchant_id: c.merchantId,
    status: c.status,
    items: q ? q.lines.map((l) => lineView(l, q.currency)) : [],
    subtotal: q ? money(q.subtotalCents, q.currency) : null,
    tax: q ? money(q.taxCents, q.currency) : null,
    shipping: q ? money(q.shippingCents, q.currency) : null,
    total: q ? money(q.totalCents, q.currency) : null,
    frozen_receipt: c.receipt ? receiptView(c.receipt) : null,
    approval: approval ? approvalSummary(approval, now) : null,
    order_id: c.orderId,
    next_step: nextStep(c, approval, now),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

function approvalSummary(a: ApprovalRecord, now: Date) {
  const expired = a.status === 'pending' && now.getTime() >= a.expiresAtMs;
  return { approval_id: a.approvalId, status: expired ? 'expired' : a.status, expires_at: new Date(a.expiresAtMs).toISOString() };
}

/** A hint for the assistant; approval and confirmation are always the user's own act. */
function nextStep(c: CheckoutRecord, a: ApprovalRecord | undefined, now: Date): string {
  if (c.status === 'created' || c.requoteRequired) return 'quote_checkout';
  if (c.status === 'quoted') return 'request_approval';
  if (c.status === 'awaiting_approval') {
    return a && a.status === 'pending' && now.getTime() < a.expiresAtMs ? 'the user approves it (approve_checkout)' : 'request_approval';
  }
  if (c.status === 'approved') return 'the user confirms the purchase (confirm_checkout)';
  if (c.status === 'confirmed') return 'get_order_status';
  return 'none';
}

export const ApprovalView = z.object({
  approval_id: z.string(),
  checkout_id: z.string(),
  merchant_id: z.string(),
  status: z.string(),
  expires_at: z.string(),
  /** Where the merchant sends order updates (null: none given); part of what is approved. */
  customer_email: z.string().nullable(),
  receipt: ReceiptView,
});
export function approvalView(a: ApprovalRecord, receipt: Receipt, now: Date) {
  return { ...approvalSummary(a, now), checkout_id: a.checkoutId, merchant_id: a.merchantId, customer_email: a.customerEmail, receipt: receiptView(receipt) };
}

export const OrderView = z.object({
  order_id: z.string(),
  checkout_id: z.string(),
  merchant_id: z.string(),
  merchant_order_id: z.string().nullable(),
  status: z.string(),
  total: Money,
  items: z.array(LineView),
  tracking_number: z.string().nullable(),
  carrier: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export function orderView(o: OrderRecord) {
  return {
    order_id: o.orderId,
    checkout_id: o.checkoutId,
    merchant_id: o.merchantId,
    merchant_order_id: o.merchantOrderId,
    status: o.status,
    total: money(o.totalCents, o.currency),
    items: o.lines.map((l) => lineView(l, o.currency)),
    tracking_number: o.trackingNumber,
    carrier: o.carrier,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

export const OfferView = z.object({
  offer_id: z.string(),
  intent_id: z.string(),
  merchant_id: z.string(),
  merchant_name: z.string().nullable(),
  expires_at: z.string().nullable(),
  is_expired: z.boolean(),
  items: z.array(
    z.object({
      product_id: z.string(),
      variant_id: z.string().nullable(),
      sku: z.string().nullable(),
      title: z.string(),
      description: z.string().nullable(),
      brand: z.string().nullable(),
      price: Money,
      quantity_available: z.int(),
      rating: z.number().nullable(),
    }),
  ),
});
export function offerView(o: Offer) {
  const name = o.metadata?.merchant_name;
  return {
    offer_id: o.id,
    intent_id: o.intent_id,
    merchant_id: o.merchant_id,
    merchant_name: typeof name === 'string' ? name : null,
    expires_at: o.expires_at ?? null,
    is_expired: o.is_expired ?? false,
    items: o.items.map((i) => ({
      product_id: i.product_id,
      variant_id: i.variant_id ?? null,
      sku: i.sku ?? null,
      title: i.title,
      description: i.description ?? null,
      brand: i.brand ?? null,
      price: i.price,
      quantity_available: i.quantity_available,
      rating: i.rating ?? null,
    })),
  };
}
