// Merchant webhook events (the scheme CartPilot's merchants use, which our own order webhook
// accepts too): a JSON body signed with HMAC-SHA256 over the raw bytes.
import { z } from 'zod';
import { DateTimeSchema, JsonObjectSchema } from './common-schemas';

export const WEBHOOK_HEADERS = {
  signature: 'x-merchant-signature',
  merchantId: 'x-merchant-id',
  eventId: 'x-event-id',
} as const;
/** `X-Merchant-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`. */
export const WEBHOOK_SIGNATURE_PREFIX = 'sha256=';

export const ORDER_EVENT_TYPES = ['order.confirmed', 'order.shipped', 'order.delivered', 'order.cancelled', 'order.refunded'] as const;
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

/** `data` of order.* events; order.shipped also carries tracking_number and carrier. */
export const OrderEventDataSchema = z.looseObject({
  order_id: z.string(),
  merchant_order_id: z.string().nullish(),
  checkout_id: z.string().nullish(),
  status: z.string().nullish(),
  tracking_number: z.string().nullish(),
  carrier: z.string().nullish(),
  reason: z.string().nullish(),
  refund_amount_cents: z.int().nullish(),
});
export type OrderEventData = z.infer<typeof OrderEventDataSchema>;

export function isOrderEventType(t: string): t is OrderEventType {
  return (ORDER_EVENT_TYPES as readonly string[]).includes(t);
}
