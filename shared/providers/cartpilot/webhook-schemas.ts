// Merchant webhook events as CartPilot's merchants send them (their own scheme, which our
// merchant-webhook accepts when a deployment aims a merchant's webhooks at us): a JSON body
// signed with HMAC-SHA256 over the raw bytes.
import { z } from 'zod';
import { DateTimeSchema, JsonObjectSchema } from './common-schemas';

export const WEBHOOK_HEADERS = {
  signature: 'x-merchant-signature',
  merchantId: 'x-merchant-id',
  eventId: 'x-event-id',
} as const;
/** Today's merchants: `X-Merchant-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`. */
export const WEBHOOK_SIGNATURE_PREFIX = 'sha256=';

/** Every event type the merchants define (CARTPILOT.md); most say nothing about an order. */
export const MERCHANT_EVENT_TYPES = [
  'checkout.created',
  'checkout.quoted',
  'checkout.confirmed',
  'checkout.failed',
  'checkout.expired',
  'order.created',
  'order.shipped',
  'order.delivered',
  'price.changed',
  'stock.changed',
] as const;
export type MerchantEventType = (typeof MERCHANT_EVENT_TYPES)[number];

/** The events about an order; they name it by the merchant's own `merchant_order_id`. */
export const ORDER_EVENT_TYPES = ['order.created', 'order.shipped', 'order.delivered'] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/**
 * The event body. `event_type` stays a plain string so a new event kind parses (and can be
 * ignored) instead of failing; use isOrderEventType() to narrow it.
 */
export const WebhookEventSchema = z.object({
  event_id: z.string().min(1),
  event_type: z.string().min(1),
  merchant_id: z.string().min(1),
  timestamp: DateTimeSchema,
  data: JsonObjectSchema,
  ucp_version: z.string().nullish(),
});
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

/**
 * `data` of order events. order.created: checkout_id (the MERCHANT's checkout session id, not
 * CartPilot's), merchant_order_id, total, currency, items, created_at; order.shipped:
 * merchant_order_id, tracking_number, carrier, shipped_at; order.delivered: merchant_order_id.
 * CartPilot's own order id never appears.
 */
export const OrderEventDataSchema = z.looseObject({
  merchant_order_id: z.string().min(1),
  checkout_id: z.string().nullish(),
  tracking_number: z.string().nullish(),
  carrier: z.string().nullish(),
  shipped_at: z.string().nullish(),
  delivered_at: z.string().nullish(),
});
export type OrderEventData = z.infer<typeof OrderEventDataSchema>;

export function isOrderEventType(t: string): t is OrderEventType {
  return (ORDER_EVENT_TYPES as readonly string[]).includes(t);
}
