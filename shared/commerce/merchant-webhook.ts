import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';
import type { IncomingHttpHeaders } from 'node:http';
import {
  isOrderEventType,
  OrderEventDataSchema,
  WEBHOOK_HEADERS,
  WEBHOOK_SIGNATURE_PREFIX,
  WebhookEventSchema,
  type WebhookEvent,
} from '../providers/cartpilot/schemas';
import type { Commerce } from './deps';

// Merchant order events, in CartPilot's merchant scheme. Authenticity first: an HMAC-SHA256 of
// the RAW body bytes (a re-serialised body would not match) compared in constant time; unlike
// CartPilot we refuse unsigned events. One secret, 'merchant-webhook-secret', is shared by every
// merchant (per-merchant secrets would be a lookup by X-Merchant-Id here). An event's content is
// never trusted for state: it only says which order to re-read from CartPilot, and CartPilot's
// answer is what is written — so duplicated, late or out-of-order events cannot move an order
// backwards.

export const MAX_WEBHOOK_BYTES = 64 * 1024;

export function verifyMerchantSignature(secret: string, raw: Buffer, signature: string | undefined): boolean {
  if (!signature?.startsWith(WEBHOOK_SIGNATURE_PREFIX)) return false;
  const hex = signature.slice(WEBHOOK_SIGNATURE_PREFIX.length).trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
}

/** What the check reads of a delivery (an HTTP request satisfies it; commerce knows no HTTP layer). */
export interface SignedDelivery {
  rawBody?: Buffer;
  headers: IncomingHttpHeaders;
}

function header(req: SignedDelivery, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The signed, well-formed event of `req`: 401 unsigned or forged, 400 malformed or mismatched. */
export function authenticEvent(secret: string, req: SignedDelivery): WebhookEvent {
  const raw = req.rawBody ?? Buffer.alloc(0);
  if (raw.length > MAX_WEBHOOK_BYTES) throw new AppError('payload_too_large', `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes.`);
  if (!verifyMerchantSignature(secret, raw, header(req, WEBHOOK_HEADERS.signature))) {
    throw new AppError('unauthenticated', 'Missing or invalid X-Merchant-Signature.');
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('invalid_input', 'The event body is not JSON.');
  }
  const parsed = WebhookEventSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError('invalid_input', 'The event does not match the merchant event schema.', {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
    });
  const event = parsed.data;
  if (header(req, WEBHOOK_HEADERS.merchantId) !== event.merchant_id)
    throw new AppError('invalid_input', "X-Merchant-Id does not match the event's merchant_id.");
  const eventId = header(req, WEBHOOK_HEADERS.eventId);
  if (eventId !== undefined && eventId !== event.event_id) throw new AppError('invalid_input', "X-Event-Id does not match the event's event_id.");
  return event;
}

export interface WebhookOutcome {
  duplicate: boolean;
  ignored?: boolean;
  order_id?: string;
  status?: string;
}

export async function processMerchantEvent(cm: Commerce, event: WebhookEvent): Promise<WebhookOutcome> {
  if (!isOrderEventType(event.event_type)) return { duplicate: false, ignored: true };
  const data = OrderEventDataSchema.safeParse(event.data);
  if (!data.success) throw new AppError('invalid_input', 'An order event needs data.order_id.');
  const orderId = data.data.order_id;
  // Not recorded as processed: if we learn of the order later (its confirm is still being
  // recorded), the merchant's retry is processed then.
  const owner = await cm.orders.ownerOf(orderId);
  if (!owner) throw new AppError('not_found', `Unknown order ${orderId}.`);
  if (owner.merchantId !== event.merchant_id) throw new AppError('invalid_input', `Order ${orderId} is not an order of ${event.merchant_id}.`);
  const claim = await cm.webhookEvents.claim(event.merchant_id, event.event_id, event.event_type);
  if (claim === 'duplicate') return { duplicate: true, order_id: orderId };
  if (claim === 'in_progress') throw new AppError('conflict', 'This event is being processed; retry later.', { details: { code: 'EVENT_IN_PROGRESS' } });
  try {
    const order = await cm.api.getOrder(orderId);
    const rec = await cm.orders.sync(owner.uid, order, 'webhook', `${event.merchant_id}:${event.event_id}`);
    await cm.webhookEvents.complete(event.merchant_id, event.event_id, { orderId, status: rec.status });
    return { duplicate: false, order_id: orderId, status: rec.status };
  } catch (e) {
    await cm.webhookEvents.release(event.merchant_id, event.event_id);
    throw e;
  }
}
