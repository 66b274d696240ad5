// The fake's in-memory state: intents, offers, checkouts and orders, plus the clock and ids.
// Orders and intents are kept in their wire shape; checkouts keep a little internal bookkeeping
// and are rendered by checkoutWire().
import type {
  AuditEntry,
  Checkout,
  CheckoutItemRequest,
  CheckoutStatus,
  ConfirmResult,
  FrozenReceipt,
  Intent,
  Offer,
  Order,
} from '../../shared/providers/cartpilot/schemas';
import { Catalog } from './catalog';
import type { Quote } from './pricing';

export interface OfferRec {
  offer: Omit<Offer, 'is_expired'>;
  expiresAtMs: number;
}

export interface CheckoutRec {
  id: string;
  offer_id: string;
  merchant_id: string;
  status: CheckoutStatus;
  /** Items named at creation; CartPilot shows items only once the merchant has quoted them. */
  requested: CheckoutItemRequest[];
  quote: Quote | null;
  merchant_checkout_id: string | null;
  customer_email: string | null;
  frozen: FrozenReceipt | null;
  approved_by: string | null;
  approved_at: string | null;
  confirmed_at: string | null;
  merchant_order_id: string | null;
  order_id: string | null;
  /** What confirm answered, replayed when a confirmed checkout is confirmed again. */
  confirm_result: ConfirmResult | null;
  failure_reason: string | null;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
  expiresAtMs: number;
  audit: AuditEntry[];
}

export class FakeStore {
  readonly catalog = new Catalog();
  readonly intents = new Map<string, Intent & { offer_ids?: string[] }>();
  readonly offers = new Map<string, OfferRec>();
  readonly checkouts = new Map<string, CheckoutRec>();
  /** Body `idempotency_key` of POST /checkouts → checkout id. */
  readonly checkoutByKey = new Map<string, string>();
  readonly orders = new Map<string, Order>();
  /** Purchases the merchant actually executed (one per successful, non-repeated confirm). */
  confirmExecutions = 0;
  private readonly counters = new Map<string, number>();

  constructor(private readonly clock: () => Date) {}

  now(): Date {
    return this.clock();
  }

  nowMs(): number {
    return this.clock().getTime();
  }

  nowIso(): string {
    return this.clock().toISOString();
  }

  /** Deterministic ids: `chk_000001`, `ord_000002`, … per prefix. */
  nextId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}_${String(n).padStart(6, '0')}`;
  }

  audit(c: CheckoutRec, action: string, from: CheckoutStatus | null, to: CheckoutStatus | null, details?: Record<string, unknown>, actor?: string): void {
    c.audit.push({ timestamp: this.nowIso(), action, from_status: from, to_status: to, actor: actor ?? null, details: details ?? null });
    c.updated_at = this.nowIso();
  }
}

/** The CheckoutResponse for a record. Pricing stays null until the first quote. */
export function checkoutWire(c: CheckoutRec): Checkout {
  const q = c.quote;
  const money = (amount: number) => (q ? { amount, currency: q.currency } : null);
  return {
    id: c.id,
    offer_id: c.offer_id,
    merchant_id: c.merchant_id,
    status: c.status,
    items: (q?.lines ?? []).map((l) => ({
      product_id: l.product_id,
      variant_id: l.variant_id,
      sku: l.sku,
      title: l.title,
      unit_price: { amount: l.unit_price_cents, currency: q!.currency },
      quantity: l.quantity,
      line_total: { amount: l.unit_price_cents * l.quantity, currency: q!.currency },
    })),
    subtotal: money(q?.subtotal_cents ?? 0),
    tax: money(q?.tax_cents ?? 0),
    shipping: money(q?.shipping_cents ?? 0),
    total: money(q?.total_cents ?? 0),
    merchant_checkout_id: c.merchant_checkout_id,
    receipt_hash: q?.receipt_hash ?? null,
    frozen_receipt: c.frozen ? structuredClone(c.frozen) : null,
    merchant_order_id: c.merchant_order_id,
    approved_by: c.approved_by,
    approved_at: c.approved_at,
    confirmed_at: c.confirmed_at,
    expires_at: c.expires_at,
    failure_reason: c.failure_reason,
    audit_trail: structuredClone(c.audit),
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}
