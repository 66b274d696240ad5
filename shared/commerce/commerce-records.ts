// The shapes of the shopping documents we keep in Firestore, parsed on every read (a document
// written by an older version fails loudly instead of flowing on half-typed). Money is always
// integer minor units next to its currency.
import { z } from 'zod';
import { CheckoutStatusSchema, OrderStatusSchema } from '../providers/cartpilot/schemas';

export const LineSchema = z.object({
  productId: z.string(),
  variantId: z.string().nullable(),
  sku: z.string(),
  title: z.string(),
  unitPriceCents: z.int(),
  quantity: z.int(),
});
export type Line = z.infer<typeof LineSchema>;

/** A merchant's price for the checkout's items, as last quoted. */
export const QuoteSchema = z.object({
  lines: z.array(LineSchema),
  subtotalCents: z.int(),
  taxCents: z.int(),
  shippingCents: z.int(),
  totalCents: z.int(),
  currency: z.string(),
});
export type Quote = z.infer<typeof QuoteSchema>;

/** The quote CartPilot froze at request-approval; `hash` binds an approval to it. */
export const ReceiptSchema = QuoteSchema.extend({ hash: z.string(), frozenAt: z.string() });
export type Receipt = z.infer<typeof ReceiptSchema>;

export const RequestedItemSchema = z.object({ productId: z.string(), variantId: z.string().nullable(), quantity: z.int() });
export type RequestedItem = z.infer<typeof RequestedItemSchema>;

/** users/{uid}/checkouts/{checkoutId} */
export const CheckoutRecordSchema = z.object({
  uid: z.string(),
  checkoutId: z.string(),
  intentId: z.string(),
  offerId: z.string(),
  merchantId: z.string(),
  requestedItems: z.array(RequestedItemSchema),
  /** Canonical JSON of the items the checkout was created with (finds a repeated create). */
  createdItemsKey: z.string(),
  status: CheckoutStatusSchema,
  quote: QuoteSchema.nullable(),
  /** Bumped by every quote_checkout; part of the quote's and request-approval's upstream keys. */
  quoteSeq: z.int(),
  /**
   * Bumped whenever CartPilot refuses one of this checkout's writes: it caches refusals under the
   * Idempotency-Key for 24 h, so every key of the checkout carries this and the next attempt is a
   * new operation (see checkout-keys.ts). Absent on records written before it existed.
   */
  keyEpoch: z.int().default(0),
  receipt: ReceiptSchema.nullable(),
  approvalId: z.string().nullable(),
  /** Set when an approval was voided by a price change: only a new quote can move on. */
  requoteRequired: z.boolean(),
  /**
   * The contact email CartPilot holds for this checkout (the last one a quote sent; CartPilot
   * keeps it until another is sent): the merchant's order updates go there.
   */
  customerEmail: z.string().nullable().default(null),
  orderId: z.string().nullable(),
  merchantOrderId: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CheckoutRecord = z.infer<typeof CheckoutRecordSchema>;

export const APPROVAL_STATUSES = ['pending', 'approved', 'used', 'void'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** users/{uid}/approvals/{approvalId}: one human decision about one frozen receipt. */
export const ApprovalRecordSchema = z.object({
  uid: z.string(),
  approvalId: z.string(),
  checkoutId: z.string(),
  merchantId: z.string(),
  receiptHash: z.string(),
  totalCents: z.int(),
  currency: z.string(),
  /** The contact email the person saw and approved: the purchase proceeds only while it is the checkout's. */
  customerEmail: z.string().nullable().default(null),
  status: z.enum(APPROVAL_STATUSES),
  createdAt: z.string(),
  /** End of the approval window, ms since epoch (the document's expireAt holds it as a Date while pending). */
  expiresAtMs: z.int(),
  approvedAt: z.string().nullable(),
  /** UTC day whose spending ledger this approval was charged to (to refund it if voided). */
  ledgerDay: z.string().nullable(),
  voidReason: z.string().nullable(),
});
export type ApprovalRecord = z.infer<typeof ApprovalRecordSchema>;

/** users/{uid}/orders/{orderId}: the user's mirror of a CartPilot order. */
export const OrderRecordSchema = z.object({
  uid: z.string(),
  orderId: z.string(),
  checkoutId: z.string(),
  merchantId: z.string(),
  merchantOrderId: z.string().nullable(),
  status: OrderStatusSchema,
  totalCents: z.int(),
  currency: z.string(),
  lines: z.array(LineSchema),
  trackingNumber: z.string().nullable(),
  carrier: z.string().nullable(),
  /** Length of CartPilot's status_history we have read: later reads never move it back. */
  version: z.int(),
  /** Entries in our own history (CartPilot's moves and merchants' events); absent = `version`. */
  historyCount: z.int().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrderRecord = z.infer<typeof OrderRecordSchema>;
