// Orders: created by a confirmed checkout, then moved along by the merchant (advanceOrder in tests),
// the cancel endpoint or the refund endpoint.
import type { Order, OrderStatus } from '../../shared/providers/cartpilot/schemas';
import { cpError } from './http';
import type { Quote } from './pricing';
import { canOrderMove, orderSteps } from './state-machine';
import type { CheckoutRec, FakeStore } from './store';

/** Places the order with the merchant: takes the stock and starts the order as pending. */
export function createOrder(store: FakeStore, c: CheckoutRec, q: Quote): Order {
  for (const l of q.lines) store.catalog.adjustStock(l.product_id, l.variant_id, -l.quantity);
  const now = store.nowIso();
  const money = (amount: number) => ({ amount, currency: q.currency });
  const order: Order = {
    id: store.nextId('ord'),
    checkout_id: c.id,
    merchant_id: c.merchant_id,
    merchant_order_id: store.nextId(`MO-${c.merchant_id}`),
    status: 'pending',
    customer: { email: c.customer_email ?? 'buyer@example.com', name: 'Test Buyer', phone: null },
    shipping_address: { line1: '1 Test Street', line2: null, city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US' },
    billing_address: null,
    items: q.lines.map((l) => ({
      product_id: l.product_id,
      variant_id: l.variant_id,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unit_price: money(l.unit_price_cents),
      line_total: money(l.unit_price_cents * l.quantity),
    })),
    subtotal: money(q.subtotal_cents),
    tax: money(q.tax_cents),
    shipping: money(q.shipping_cents),
    total: money(q.total_cents),
    tracking_number: null,
    carrier: null,
    cancelled_reason: null,
    cancelled_by: null,
    refund_amount: null,
    refund_reason: null,
    status_history: [{ from_status: null, to_status: 'pending', reason: 'Order placed', actor: 'system', metadata: null, created_at: now }],
    created_at: now,
    updated_at: now,
    confirmed_at: null,
    shipped_at: null,
    delivered_at: null,
    cancelled_at: null,
    refunded_at: null,
  };
  store.orders.set(order.id, order);
  return order;
}

export function getOrder(store: FakeStore, id: string): Order {
  const o = store.orders.get(id);
  if (!o) throw cpError(404, 'ORDER_NOT_FOUND', `Order not found: ${id}`);
  return o;
}

function move(store: FakeStore, o: Order, to: OrderStatus, actor: string, reason: string | null, metadata: Record<string, unknown> | null): void {
  const now = store.nowIso();
  o.status_history.push({ from_status: o.status, to_status: to, reason, actor, metadata, created_at: now });
  o.status = to;
  o.updated_at = now;
  const stamp: Partial<Record<OrderStatus, keyof Order>> = {
    confirmed: 'confirmed_at',
    shipped: 'shipped_at',
    delivered: 'delivered_at',
    cancelled: 'cancelled_at',
    refunded: 'refunded_at',
  };
  const field = stamp[to];
  if (field) (o as Record<string, unknown>)[field] = now;
}

export interface AdvanceOptions {
  tracking_number?: string;
  carrier?: string;
}

/** Test control: what the merchant's fulfilment would do. Throws on an impossible move. */
export function advanceOrder(store: FakeStore, orderId: string, to: OrderStatus, opts: AdvanceOptions = {}): Order {
  const o = store.orders.get(orderId);
  if (!o) throw new Error(`CartPilot fake: unknown order ${orderId}`);
  const steps = orderSteps(o.status, to);
  if (!steps) throw new Error(`CartPilot fake: order ${orderId} cannot go ${o.status} -> ${to}`);
  for (const s of steps) {
    if (s === 'shipped') {
      o.tracking_number = opts.tracking_number ?? `1ZFAKE${o.id.replace(/\D/g, '').padStart(10, '0')}`;
      o.carrier = opts.carrier ?? 'UPS';
    }
    const meta = s === 'shipped' ? { tracking_number: o.tracking_number, carrier: o.carrier } : null;
    move(store, o, s, 'merchant', null, meta);
  }
  return structuredClone(o);
}

export function cancelOrder(store: FakeStore, o: Order, reason: string, cancelledBy: string): void {
  if (!canOrderMove(o.status, 'cancelled')) {
    throw cpError(400, 'INVALID_TRANSITION', `Invalid order transition: ${o.status} -> cancelled`);
  }
  o.cancelled_reason = reason;
  o.cancelled_by = cancelledBy;
  move(store, o, 'cancelled', cancelledBy, reason, null);
  // The merchant puts cancelled goods back on the shelf.
  for (const i of o.items) store.catalog.adjustStock(i.product_id, i.variant_id ?? null, i.quantity);
}

export function refundOrder(store: FakeStore, o: Order, amountCents: number | null | undefined, reason: string): void {
  if (!canOrderMove(o.status, 'refunded')) {
    throw cpError(400, 'INVALID_TRANSITION', `Invalid order transition: ${o.status} -> refunded`);
  }
  const amount = amountCents ?? o.total.amount;
  if (amount <= 0 || amount > o.total.amount) {
    throw cpError(400, 'INVALID_REFUND_AMOUNT', `Refund amount must be between 1 and ${o.total.amount} cents`, [
      { field: 'refund_amount_cents', message: `got ${amount}` },
    ]);
  }
  o.refund_amount = { amount, currency: o.total.currency };
  o.refund_reason = reason;
  move(store, o, 'refunded', 'customer', reason, { refund_amount_cents: amount });
}
