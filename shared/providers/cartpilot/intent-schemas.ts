// Intents (a shopper's request in words) and the merchant offers collected for them.
import { z } from 'zod';
import { DateTimeSchema, JsonObjectSchema, MoneySchema, paginated } from './common-schemas';

export const INTENT_QUERY_MAX = 500;
/** An offer is only good for an hour after collection (CartPilot's OFFER_TTL). */
export const OFFER_TTL_MS = 60 * 60 * 1000;

// ---- requests -----------------------------------------------------------------------------

export const IntentCreateRequestSchema = z.object({
  query: z.string().min(1).max(INTENT_QUERY_MAX),
  session_id: z.string().nullish(),
  metadata: JsonObjectSchema.optional(),
});
export type IntentCreateRequest = z.input<typeof IntentCreateRequestSchema>;

// ---- responses ----------------------------------------------------------------------------

export const IntentSchema = z.object({
  id: z.string(),
  query: z.string(),
  session_id: z.string().nullish(),
  metadata: JsonObjectSchema.nullish(),
  offers_collected: z.boolean().optional(),
  offer_count: z.int().optional(),
  created_at: DateTimeSchema,
  updated_at: DateTimeSchema,
});
export type Intent = z.infer<typeof IntentSchema>;

/** One purchasable line in an offer: a product, or one variant of it. */
export const OfferItemSchema = z.object({
  product_id: z.string(),
  variant_id: z.string().nullish(),
  sku: z.string().nullish(),
  title: z.string(),
  description: z.string().nullish(),
  brand: z.string().nullish(),
  category_path: z.string().nullish(),
  price: MoneySchema,
  quantity_available: z.int(),
  image_url: z.string().nullish(),
  rating: z.number().min(0).max(5).nullish(),
  review_count: z.int().nullish(),
});
export type OfferItem = z.infer<typeof OfferItemSchema>;

export const OfferSchema = z.object({
  id: z.string(),
  intent_id: z.string(),
  merchant_id: z.string(),
  items: z.array(OfferItemSchema),
  item_count: z.int(),
  lowest_price: MoneySchema.nullish(),
  highest_price: MoneySchema.nullish(),
  expires_at: DateTimeSchema.nullish(),
  is_expired: z.boolean().optional(),
  metadata: JsonObjectSchema.nullish(),
  created_at: DateTimeSchema,
});
export type Offer = z.infer<typeof OfferSchema>;

export const OffersListSchema = paginated(OfferSchema).extend({
  intent_id: z.string().nullish(),
});
