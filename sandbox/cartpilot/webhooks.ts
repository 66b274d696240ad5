// Merchant webhooks as CartPilot's mock merchants send them (event types, payloads, signature),
// for tests of the project's own merchant-webhook endpoint. Order events name the order by the
// merchant's `merchant_order_id`; CartPilot's order id never appears in them.
import { createHmac } from 'node:crypto';
import { WEBHOOK_SIGNATURE_PREFIX, type MerchantEventType, type Order, type OrderEventType, type WebhookEvent } from '../../shared/providers/cartpilot/schemas';
import type { FakeStore } from './store';

/** The UCP version the fake's merchants stamp on events. */
export const FAKE_UCP_VERSION = '2026-01-11';

/** The exact bytes signed: a string as given, anything else as JSON.stringify of it. */
export function rawWebhookBody(body: string | object): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

export interface SignOptions {
  /**
   * 'sha256' (default): today's merchants, `sha256=<hex HMAC(secret, raw body)>`. 'v1': the
   * agentic-commerce protocols' `t=<unix>,v1=<hex HMAC(secret, "<t>.<raw body>")>`.
   */
  scheme?: 'sha256' | 'v1';
  /** Unix seconds for the v1 scheme (default: now). */
  timestamp?: number;
}

/**
 * Headers a merchant sends with `body`: the X-Merchant-Signature, plus X-Merchant-Id and
 * X-Event-Id taken from the body. Send rawWebhookBody(body) byte for byte.
 */
export function signWebhook(secret: string, body: string | object, opts: SignOptions = {}): Record<string, string> {
  const raw = rawWebhookBody(body);
  let parsed: Partial<WebhookEvent> = {};
  try {
    parsed = JSON.parse(raw) as Partial<WebhookEvent>;
  } catch {
    // A deliberately malformed body still gets a valid signature over its bytes.
  }
  const hmac = (s: string) => createHmac('sha256', secret).update(s, 'utf8').digest('hex');
  const t = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = opts.scheme === 'v1' ? `t=${t},v1=${hmac(`${t}.${raw}`)}` : WEBHOOK_SIGNATURE_PREFIX + hmac(raw);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Merchant-Signature': signature };
  if (typeof parsed.merchant_id === 'string') headers['X-Merchant-Id'] = parsed.merchant_id;
  if (typeof parsed.event_id === 'string') headers['X-Event-Id'] = parsed.event_id;
  return headers;
}

/** Any merchant event, with the envelope the mock merchants put around `data`. */
export function makeMerchantEvent(store: FakeStore, merchantId: string, eventType: MerchantEventType, data: Record<string, unknown>): WebhookEvent {
  return { event_id: store.nextId('evt'), event_type: eventType, merchant_id: merchantId, timestamp: store.nowIso(), data, ucp_version: FAKE_UCP_VERSION };
}

/** An order event about one of the fake's orders, in the merchants' payload; `extra` is merged last. */
export function makeOrderEvent(store: FakeStore, orderId: string, eventType: OrderEventType, extra: Record<string, unknown> = {}): WebhookEvent {
  const o = store.orders.get(orderId);
  if (!o) throw new Error(`CartPilot fake: unknown order ${orderId}`);
  return makeMerchantEvent(store, o.merchant_id, eventType, { ...orderEventData(store, o, eventType), ...extra });
}

function orderEventData(store: FakeStore, o: Order, eventType: OrderEventType): Record<string, unknown> {
  const base = { merchant_order_id: o.merchant_order_id };
  if (eventType === 'order.created') {
    return {
      ...base,
      checkout_id: store.checkouts.get(o.checkout_id)?.merchant_checkout_id ?? null,
      total: o.total.amount,
      currency: o.total.currency,
      items: o.items.map((i) => ({ product_id: i.product_id, variant_id: i.variant_id ?? null, quantity: i.quantity, unit_price: i.unit_price.amount })),
      created_at: o.created_at,
    };
  }
  if (eventType === 'order.shipped') {
    return {
      ...base,
      tracking_number: o.tracking_number ?? `1ZFAKE${o.id.replace(/\D/g, '').padStart(10, '0')}`,
      carrier: o.carrier ?? 'UPS',
      shipped_at: o.shipped_at ?? store.nowIso(),
    };
  }
  return { ...base, delivered_at: o.delivered_at ?? store.nowIso() };
}
