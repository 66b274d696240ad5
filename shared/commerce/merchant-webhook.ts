import { AppError } from '../errors';
import type { IncomingHttpHeaders } from 'node:http';
import {
  isOrderEventType,
  OrderEventDataSchema,
  WEBHOOK_HEADERS,
  WebhookEventSchema,
  type OrderEventType,
  type WebhookEvent,
} from '../providers/cartpilot/schemas';
import type { Commerce } from './deps';
import { checkMerchantSignature, merchantSecrets } from './merchant-signature';
import type { OrderNews } from './orders-store';

// Merchant events, in CartPilot's merchant scheme. Authenticity first: the merchant's own secret
// (merchant-signature.ts), then freshness — an event dated further than the tolerance from now
// is refused, so a captured request cannot be replayed once the dedupe record of its event has
// gone. Order events name the order by the merchant's id. CartPilot's own view of the order is
// merged, then the event's news, both forward-only, so duplicated, late or out-of-order events
// cannot move an order back.

export const MAX_WEBHOOK_BYTES = 64 * 1024;

/** What the check reads of a delivery (an HTTP request satisfies it; commerce knows no HTTP layer). */
export interface SignedDelivery {
  rawBody?: Buffer;
  headers: IncomingHttpHeaders;
}

function header(req: SignedDelivery, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export interface WebhookCheck {
  /** The 'merchant-webhook-secret' value. */
  secret: string;
  nowMs: number;
  toleranceSec: number;
}

/** The signed, fresh, well-formed event of `req`: 401 unsigned, forged or stale; 400 malformed. */
export function authenticEvent(req: SignedDelivery, check: WebhookCheck): WebhookEvent {
  const raw = req.rawBody ?? Buffer.alloc(0);
  if (raw.length > MAX_WEBHOOK_BYTES) throw new AppError('payload_too_large', `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes.`);
  const claimedMerchant = header(req, WEBHOOK_HEADERS.merchantId) ?? '';
  const signature = checkMerchantSignature(merchantSecrets(check.secret, claimedMerchant), raw, header(req, WEBHOOK_HEADERS.signature));
  if (!signature.valid) throw new AppError('unauthenticated', 'Missing or invalid X-Merchant-Signature.');
  const event = parseEvent(raw);
  if (claimedMerchant !== event.merchant_id) throw new AppError('invalid_input', "X-Merchant-Id does not match the event's merchant_id.");
  const eventId = header(req, WEBHOOK_HEADERS.eventId);
  if (eventId !== undefined && eventId !== event.event_id) throw new AppError('invalid_input', "X-Event-Id does not match the event's event_id.");
  const signedAtMs = signature.signedAtSec !== undefined ? signature.signedAtSec * 1000 : utcMs(event.timestamp);
  if (!(Math.abs(check.nowMs - signedAtMs) <= check.toleranceSec * 1000)) {
    throw new AppError('unauthenticated', `The event is older (or newer) than the ${check.toleranceSec} s tolerance; send it signed afresh.`, {
      details: { code: 'EVENT_OUTSIDE_TOLERANCE', tolerance_sec: check.toleranceSec },
    });
  }
  return event;
}

function parseEvent(raw: Buffer): WebhookEvent {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('invalid_input', 'The event body is not JSON.');
  }
  const parsed = WebhookEventSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new AppError('invalid_input', 'The event does not match the merchant event schema.', {
    details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
  });
}

/** CartPilot's Python may write naive timestamps; they are UTC. */
function utcMs(ts: string): number {
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(ts) ? ts : `${ts}Z`);
}

export interface WebhookOutcome {
  duplicate: boolean;
  ignored?: boolean;
  order_id?: string;
  status?: string;
}

export async function processMerchantEvent(cm: Commerce, event: WebhookEvent): Promise<WebhookOutcome> {
  // checkout.*, price.changed, stock.changed: CartPilot's business; our reads see their effect.
  if (!isOrderEventType(event.event_type)) return { duplicate: false, ignored: true };
  const data = OrderEventDataSchema.safeParse(event.data);
  if (!data.success) throw new AppError('invalid_input', 'An order event needs data.merchant_order_id.');
  // Unknown (its purchase may still be being recorded): not marked processed, so the merchant's
  // retry is processed once we know it; the scheduled sync reads it meanwhile.
  const owner = await cm.orders.index.byMerchantOrder(event.merchant_id, data.data.merchant_order_id);
  if (!owner) throw new AppError('not_found', `Unknown order ${data.data.merchant_order_id} of ${event.merchant_id}.`);
  const { orderId, uid } = owner;
  const claim = await cm.webhookEvents.claim(event.merchant_id, event.event_id, event.event_type);
  if (claim === 'duplicate') return { duplicate: true, order_id: orderId };
  if (claim === 'in_progress') throw new AppError('conflict', 'This event is being processed; retry later.', { details: { code: 'EVENT_IN_PROGRESS' } });
  try {
    const eventKey = `${event.merchant_id}:${event.event_id}`;
    // CartPilot's view first (its history has every step, the event may skip some), then the news.
    await reconcile(cm, uid, orderId, eventKey);
    const { status } = await cm.orders.applyEvent(uid, orderId, newsOf(event.event_type, data.data, event.timestamp), eventKey);
    await cm.webhookEvents.complete(event.merchant_id, event.event_id, { orderId, status });
    return { duplicate: false, order_id: orderId, status };
  } catch (e) {
    await cm.webhookEvents.release(event.merchant_id, event.event_id);
    throw e;
  }
}

function newsOf(
  type: OrderEventType,
  d: { tracking_number?: string | null; carrier?: string | null; shipped_at?: string | null; delivered_at?: string | null },
  ts: string,
): OrderNews {
  // order.created says the merchant has the order: CartPilot already shows it (pending).
  if (type === 'order.created') return {};
  if (type === 'order.shipped') return { status: 'shipped', at: d.shipped_at ?? ts, trackingNumber: d.tracking_number, carrier: d.carrier };
  return { status: 'delivered', at: d.delivered_at ?? ts };
}

/** Best effort: if CartPilot cannot be read, the event alone is recorded (the scheduled sync catches up). */
async function reconcile(cm: Commerce, uid: string, orderId: string, eventKey: string): Promise<void> {
  try {
    await cm.orders.sync(uid, await cm.api.getOrder(orderId), 'webhook', eventKey);
  } catch (e) {
    cm.log.warn('reading the order from CartPilot failed; applying the event alone', { err: e, orderId });
  }
}
