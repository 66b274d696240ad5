// Merchant webhooks as a CartPilot merchant would send them about the fake's orders, for tests of
// the project's own order-webhook endpoint.
import { createHmac } from 'node:crypto';
import { WEBHOOK_SIGNATURE_PREFIX, type OrderEventType, type WebhookEvent } from '../../shared/providers/cartpilot/schemas';
import type { FakeStore } from './store';

/** The UCP version the fake's merchants stamp on events. */
export const FAKE_UCP_VERSION = '2026-01-11';

/** The exact bytes signed: a string as given, anything else as JSON.stringify of it. */
export function rawWebhookBody(body: string | object): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * Headers a merchant sends with `body`: `X-Merchant-Signature: sha256=<hex HMAC-SHA256(secret,
 * raw body)>`, plus X-Merchant-Id and X-Event-Id taken from the body. Send rawWebhookBody(body)
 * byte for byte, or the signature will not match.
 */
export function signWebhook(secret: string, body: string | object): Record<string, string> {
  const raw = rawWebhookBody(body);
  let parsed: Partial<WebhookEvent> = {};
  try {
    parsed = JSON.parse(raw) as Partial<WebhookEvent>;
  } catch {
    // A deliberately malformed body still gets a valid signature over its bytes.
  }
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Merchant-Signature': WEBHOOK_SIGNATURE_PREFIX + createHmac('sha256', secret).update(raw, 'utf8').digest('hex'),
  };
  if (typeof parsed.merchant_id === 'string') headers['X-Merchant-Id'] = parsed.merchant_id;
  if (typeof parsed.event_id === 'string') headers['X-Event-Id'] = parsed.event_id;
  return headers;
}

/**
 * An event about one of the fake's orders. `data` carries CartPilot's order id and the merchant's,
 * the order's current status and, for order.shipped, its tracking number and carrier; `extra` is
 * merged last (so a test can override or add fields).
 */
export function makeOrderEvent(store: FakeStore, orderId: string, eventType: OrderEventType, extra: Record<string, unknown> = {}): WebhookEvent {
  const o = store.orders.get(orderId);
  if (!o) throw new Error(`CartPilot fake: unknown order ${orderId}`);
  const data: Record<string, unknown> = {
    order_id: o.id,
    merchant_order_id: o.merchant_order_id,
    checkout_id: o.checkout_id,
    status: eventType.slice('order.'.length),
  };
  if (eventType === 'order.shipped') {
    data.tracking_number = o.tracking_number ?? `1ZFAKE${o.id.replace(/\D/g, '').padStart(10, '0')}`;
    data.carrier = o.carrier ?? 'UPS';
  }
  if (eventType === 'order.cancelled') data.reason = o.cancelled_reason ?? 'cancelled by merchant';
  if (eventType === 'order.refunded') data.refund_amount_cents = o.refund_amount?.amount ?? o.total.amount;
  return {
    event_id: store.nextId('evt'),
    event_type: eventType,
    merchant_id: o.merchant_id,
    timestamp: store.nowIso(),
    data: { ...data, ...extra },
    ucp_version: FAKE_UCP_VERSION,
  };
}
