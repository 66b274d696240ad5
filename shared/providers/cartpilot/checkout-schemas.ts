// Checkouts: the approval workflow created → quoted → awaiting_approval → approved → confirmed,
// with the receipt frozen at request-approval so a later price change can be detected.
import { z } from 'zod';
import { DateTimeSchema, JsonObjectSchema, MoneySchema } from './common-schemas';

/** Checkouts expire this long after creation (CHECKOUT_EXPIRED afterwards). */
export const CHECKOUT_TTL_MS = 24 * 60 * 60 * 1000;

export const CHECKOUT_STATUSES = ['created', 'quoted', 'awaiting_approval', 'approved', 'confirmed', 'failed', 'cancelled'] as const;
export const CheckoutStatusSchema = z.enum(CHECKOUT_STATUSES);
export type CheckoutStatus = z.infer<typeof CheckoutStatusSchema>;

// ---- requests -----------------------------------------------------------------------------

export const CheckoutItemRequestSchema = z.object({
  product_id: z.string(),
  variant_id: z.string().nullish(),
  quantity: z.int().min(1),
});
export type CheckoutItemRequest = z.input<typeof CheckoutItemRequestSchema>;

export const CheckoutCreateRequestSchema = z.object({
  offer_id: z.string(),
  items: z.array(CheckoutItemRequestSchema).min(1),
  /** CartPilot returns the checkout already created under this key instead of a new one. */
  idempotency_key: z.string().nullish(),
});
export type CheckoutCreateRequest = z.input<typeof CheckoutCreateRequestSchema>;

export const CheckoutQuoteRequestSchema = z.object({
  items: z.array(CheckoutItemRequestSchema).min(1),
  customer_email: z.string().nullish(),
});

export const CheckoutApproveRequestSchema = z.object({
  approved_by: z.string().default('user'),
});

export const CheckoutConfirmRequestSchema = z.object({
  /** CartPilot only runs test purchases; "test_card" is its default and the only method used. */
  payment_method: z.string().default('test_card'),
  idempotency_key: z.string().nullish(),
});

// ---- responses ----------------------------------------------------------------------------

export const CheckoutItemSchema = z.object({
  product_id: z.string(),
  variant_id: z.string().nullish(),
  sku: z.string(),
  title: z.string(),
  unit_price: MoneySchema,
  quantity: z.int().min(1),
  line_total: MoneySchema,
});

export const FrozenReceiptItemSchema = z.object({
  product_id: z.string(),
  variant_id: z.string().nullish(),
  sku: z.string(),
  title: z.string(),
  unit_price_cents: z.int(),
  quantity: z.int(),
  // The document types the receipt's currency as a bare string (not the Currency enum); it goes
  // into the hash verbatim, so it is kept verbatim here too.
  currency: z.string(),
});

export const FrozenReceiptSchema = z.object({
  hash: z.string(),
  items: z.array(FrozenReceiptItemSchema),
  subtotal_cents: z.int(),
  tax_cents: z.int(),
  shipping_cents: z.int(),
  total_cents: z.int(),
  currency: z.string(),
  frozen_at: DateTimeSchema,
});
export type FrozenReceipt = z.infer<typeof FrozenReceiptSchema>;

export const AuditEntrySchema = z.object({
  timestamp: DateTimeSchema,
  action: z.string(),
  from_status: z.string().nullish(),
  // Required by the document but nullable.
  to_status: z.string().nullable(),
  actor: z.string().nullish(),
  details: JsonObjectSchema.nullish(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const CheckoutSchema = z.object({
  id: z.string(),
  offer_id: z.string(),
  merchant_id: z.string(),
  status: CheckoutStatusSchema,
  /** Empty until the first quote: CartPilot prices items only when the merchant quotes. */
  items: z.array(CheckoutItemSchema),
  // Null until quoted.
  subtotal: MoneySchema.nullish(),
  tax: MoneySchema.nullish(),
  shipping: MoneySchema.nullish(),
  total: MoneySchema.nullish(),
  merchant_checkout_id: z.string().nullish(),
  receipt_hash: z.string().nullish(),
  /** Present from request-approval until a re-quote changes the total. */
  frozen_receipt: FrozenReceiptSchema.nullish(),
  merchant_order_id: z.string().nullish(),
  approved_by: z.string().nullish(),
  approved_at: DateTimeSchema.nullish(),
  confirmed_at: DateTimeSchema.nullish(),
  expires_at: DateTimeSchema.nullish(),
  failure_reason: z.string().nullish(),
  audit_trail: z.array(AuditEntrySchema),
  created_at: DateTimeSchema,
  updated_at: DateTimeSchema,
});
export type Checkout = z.infer<typeof CheckoutSchema>;

/** POST /checkouts/{id}/confirm → 200. Also what a repeated confirm returns. */
export const ConfirmResultSchema = z.object({
  checkout_id: z.string(),
  merchant_order_id: z.string(),
  order_id: z.string().nullish(),
  status: CheckoutStatusSchema,
  total: MoneySchema,
  confirmed_at: DateTimeSchema,
});
export type ConfirmResult = z.infer<typeof ConfirmResultSchema>;
