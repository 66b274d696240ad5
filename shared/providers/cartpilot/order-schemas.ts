// Orders: what a confirmed checkout becomes, tracked pending → confirmed → shipped → delivered,
// with cancellation (before delivery) and refunds.
import { z } from 'zod';
import { DateTimeSchema, JsonObjectSchema, MoneySchema, PageQuerySchema, paginated } from './common-schemas';

export const ORDER_STATUSES = ['pending', 'confirmed', 'shipped', 'delivered', 'returned', 'cancelled', 'refunded'] as const;
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

/** The `status` filter of GET /orders: the document leaves `returned` out of it. */
export const ORDER_FILTER_STATUSES = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;
export type OrderFilterStatus = (typeof ORDER_FILTER_STATUSES)[number];

// ---- requests -----------------------------------------------------------------------------

export const OrdersListQuerySchema = PageQuerySchema.extend({
  status: z.enum(ORDER_FILTER_STATUSES).optional(),
  merchant_id: z.string().optional(),
});
export type OrdersListQuery = z.input<typeof OrdersListQuerySchema>;

export const OrderCancelRequestSchema = z.object({
  reason: z.string(),
  cancelled_by: z.string().default('customer'),
});
export type OrderCancelRequest = z.input<typeof OrderCancelRequestSchema>;

export const OrderRefundRequestSchema = z.object({
  /** Null or absent refunds the whole total. */
  refund_amount_cents: z.int().nullish(),
  reason: z.string().default(''),
});
export type OrderRefundRequest = z.input<typeof OrderRefundRequestSchema>;

// ---- responses ----------------------------------------------------------------------------

export const OrderAddressSchema = z.object({
  line1: z.string(),
  line2: z.string().nullish(),
  city: z.string(),
  state: z.string().nullish(),
  postal_code: z.string(),
  /** ISO 3166-1 alpha-2. */
  country: z.string(),
});
export type OrderAddress = z.infer<typeof OrderAddressSchema>;

export const OrderCustomerSchema = z.object({
  email: z.string(),
  name: z.string().nullish(),
  phone: z.string().nullish(),
});
export type OrderCustomer = z.infer<typeof OrderCustomerSchema>;

export const OrderItemSchema = z.object({
  product_id: z.string(),
  variant_id: z.string().nullish(),
  sku: z.string().nullish(),
  title: z.string(),
  quantity: z.int().min(1),
  unit_price: MoneySchema,
  line_total: MoneySchema,
});
export type OrderItem = z.infer<typeof OrderItemSchema>;

export const OrderStatusHistorySchema = z.object({
  from_status: z.string().nullish(),
  to_status: z.string(),
  reason: z.string().nullish(),
  actor: z.string().nullish(),
  metadata: JsonObjectSchema.nullish(),
  // A bare string in the document (no date-time format), so not checked as one.
  created_at: z.string(),
});
export type OrderStatusHistory = z.infer<typeof OrderStatusHistorySchema>;

export const OrderSchema = z.object({
  id: z.string(),
  checkout_id: z.string(),
  merchant_id: z.string(),
  merchant_order_id: z.string().nullish(),
  status: OrderStatusSchema,
  customer: OrderCustomerSchema,
  shipping_address: OrderAddressSchema,
  billing_address: OrderAddressSchema.nullish(),
  items: z.array(OrderItemSchema),
  subtotal: MoneySchema,
  tax: MoneySchema,
  shipping: MoneySchema,
  total: MoneySchema,
  tracking_number: z.string().nullish(),
  carrier: z.string().nullish(),
  cancelled_reason: z.string().nullish(),
  cancelled_by: z.string().nullish(),
  refund_amount: MoneySchema.nullish(),
  refund_reason: z.string().nullish(),
  status_history: z.array(OrderStatusHistorySchema),
  created_at: DateTimeSchema,
  updated_at: DateTimeSchema,
  confirmed_at: DateTimeSchema.nullish(),
  shipped_at: DateTimeSchema.nullish(),
  delivered_at: DateTimeSchema.nullish(),
  cancelled_at: DateTimeSchema.nullish(),
  refunded_at: DateTimeSchema.nullish(),
});
export type Order = z.infer<typeof OrderSchema>;

export const OrderSummarySchema = z.object({
  id: z.string(),
  merchant_id: z.string(),
  merchant_order_id: z.string().nullish(),
  status: OrderStatusSchema,
  total: MoneySchema,
  item_count: z.int(),
  customer_email: z.string(),
  created_at: DateTimeSchema,
});
export type OrderSummary = z.infer<typeof OrderSummarySchema>;

export const OrdersListSchema = paginated(OrderSummarySchema);
export type OrdersList = z.infer<typeof OrdersListSchema>;
