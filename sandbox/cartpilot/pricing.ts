// What the fake's merchants answer when asked for a quote: live catalog prices, tax and shipping,
// and the receipt that request-approval freezes.
import { frozenReceiptHash, type CheckoutItemRequest, type Currency, type ErrorDetail, type FrozenReceipt } from '../../shared/providers/cartpilot/schemas';
import type { Catalog } from './catalog';
import { cpError, CpHttpError } from './http';

export interface QuoteLine {
  product_id: string;
  variant_id: string | null;
  sku: string;
  title: string;
  unit_price_cents: number;
  quantity: number;
  currency: Currency;
}

export interface Quote {
  lines: QuoteLine[];
  subtotal_cents: number;
  tax_cents: number;
  shipping_cents: number;
  total_cents: number;
  currency: Currency;
  /** The merchant's own hash of the quote (same formula as the frozen receipt's). */
  receipt_hash: string;
}

/**
 * Prices `items` at the merchant's current prices. A line the merchant cannot sell (unknown
 * product or variant, or — when `checkStock` — not enough stock) fails the whole quote the way
 * CartPilot relays merchant failures: 409 MERCHANT_ERROR with one detail per bad line.
 */
export function priceItems(catalog: Catalog, merchantId: string, items: readonly CheckoutItemRequest[], opts: { checkStock: boolean }): Quote {
  const merchant = catalog.merchant(merchantId);
  if (!merchant) throw cpError(400, 'MERCHANT_NOT_FOUND', `Merchant not found: ${merchantId}`);
  const lines: QuoteLine[] = [];
  const problems: { field: string; message: string }[] = [];
  items.forEach((it, i) => {
    const s = catalog.resolve(merchantId, it.product_id, it.variant_id);
    if (typeof s === 'string') return void problems.push({ field: `items[${i}]`, message: s });
    if (opts.checkStock && s.stock < it.quantity) {
      problems.push({ field: `items[${i}].quantity`, message: `Out of stock: ${s.sku} has ${s.stock} available, ${it.quantity} requested` });
      return;
    }
    lines.push({
      product_id: it.product_id,
      variant_id: s.variant?.id ?? null,
      sku: s.sku,
      title: s.title,
      unit_price_cents: s.priceCents,
      quantity: it.quantity,
      currency: merchant.currency,
    });
  });
  if (problems.length) {
    throw merchantError(`Merchant ${merchantId} rejected the items: ${problems.map((p) => p.message).join('; ')}`, problems);
  }
  const subtotal = lines.reduce((sum, l) => sum + l.unit_price_cents * l.quantity, 0);
  // Integer half-up rounding: money never passes through a float sum.
  const tax = Math.floor((subtotal * merchant.taxBps + 5000) / 10000);
  const shipping = subtotal >= merchant.freeShippingOverCents ? 0 : merchant.shippingCents;
  const total = subtotal + tax + shipping;
  return {
    lines,
    subtotal_cents: subtotal,
    tax_cents: tax,
    shipping_cents: shipping,
    total_cents: total,
    currency: merchant.currency,
    receipt_hash: frozenReceiptHash({ total_cents: total, currency: merchant.currency, items: lines }),
  };
}

/** The snapshot request-approval takes of the current quote. */
export function freezeReceipt(q: Quote, frozenAt: string): FrozenReceipt {
  const items = q.lines.map((l) => ({ ...l }));
  return {
    hash: frozenReceiptHash({ total_cents: q.total_cents, currency: q.currency, items }),
    items,
    subtotal_cents: q.subtotal_cents,
    tax_cents: q.tax_cents,
    shipping_cents: q.shipping_cents,
    total_cents: q.total_cents,
    currency: q.currency,
    frozen_at: frozenAt,
  };
}

/**
 * A merchant's refusal as CartPilot relays it: 409 MERCHANT_ERROR — but stored under the
 * Idempotency-Key, and so replayed, as a 400 (measured: its exception's own status is what the
 * idempotency middleware records).
 */
export function merchantError(message: string, details: ErrorDetail[]): CpHttpError {
  return new CpHttpError({ status: 409, replayStatus: 400, body: { error_code: 'MERCHANT_ERROR', message, details, request_id: null } });
}

/**
 * The 409 of approve/confirm when the frozen total is not the current one. The OpenAPI document
 * promises checkout_id, original_total and new_total; CartPilot's exception handler drops them,
 * so the real body is the plain error envelope with empty details.
 */
export function reapprovalRequired(): CpHttpError {
  return cpError(409, 'REAPPROVAL_REQUIRED', 'Price has changed, re-approval required');
}
