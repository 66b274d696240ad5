// CartPilot's endpoints as typed calls (paths and shapes from its OpenAPI document v0.1.0).
// Every POST takes the Idempotency-Key of its logical operation; see idempotency-keys.ts.
import { CartPilotClient, seg, type CartPilotClientDeps } from './client';
import {
  CheckoutSchema,
  ConfirmResultSchema,
  IntentSchema,
  OfferSchema,
  OffersListSchema,
  OrderSchema,
  OrdersListSchema,
  type CheckoutCreateRequest,
  type CheckoutItemRequest,
  type IntentCreateRequest,
  type OrderFilterStatus,
} from './schemas';

export type CartPilotApi = ReturnType<typeof cartPilotApi>;

export function cartPilotApi(deps: CartPilotClientDeps) {
  const c = new CartPilotClient(deps);
  return {
    createIntent: (body: IntentCreateRequest, key: string) => c.post('/intents', body, IntentSchema, key),
    getIntentOffers: (intentId: string, page: number, pageSize: number) =>
      c.get(`/intents/${seg(intentId)}/offers`, OffersListSchema, { page, page_size: pageSize }),
    getOffer: (offerId: string) => c.get(`/offers/${seg(offerId)}`, OfferSchema),
    createCheckout: (body: CheckoutCreateRequest, key: string) => c.post('/checkouts', body, CheckoutSchema, key),
    getCheckout: (checkoutId: string) => c.get(`/checkouts/${seg(checkoutId)}`, CheckoutSchema),
    quoteCheckout: (checkoutId: string, body: { items: CheckoutItemRequest[]; customer_email?: string }, key: string) =>
      c.post(`/checkouts/${seg(checkoutId)}/quote`, body, CheckoutSchema, key),
    // No request body: CartPilot's request-approval takes none.
    requestApproval: (checkoutId: string, key: string) => c.post(`/checkouts/${seg(checkoutId)}/request-approval`, undefined, CheckoutSchema, key),
    approveCheckout: (checkoutId: string, approvedBy: string, key: string) =>
      c.post(`/checkouts/${seg(checkoutId)}/approve`, { approved_by: approvedBy }, CheckoutSchema, key),
    // CartPilot runs test purchases only; "test_card" is its sole payment method. The key also
    // goes in the body, which CartPilot's confirm accepts as its own dedupe key.
    confirmCheckout: (checkoutId: string, key: string) =>
      c.post(`/checkouts/${seg(checkoutId)}/confirm`, { payment_method: 'test_card', idempotency_key: key }, ConfirmResultSchema, key),
    getOrder: (orderId: string) => c.get(`/orders/${seg(orderId)}`, OrderSchema),
    listOrders: (query: { page: number; pageSize: number; merchantId?: string; status?: OrderFilterStatus }) =>
      c.get('/orders', OrdersListSchema, { page: query.page, page_size: query.pageSize, merchant_id: query.merchantId, status: query.status }),
    // CartPilot honours no Idempotency-Key on these two: a repeat is refused INVALID_TRANSITION,
    // which the caller resolves by reading the order. `actor` says who asked (CartPilot keeps it).
    cancelOrder: (orderId: string, reason: string, actor: string) => c.post(`/orders/${seg(orderId)}/cancel`, { reason, cancelled_by: actor }, OrderSchema),
    refundOrder: (orderId: string, reason: string, amountCents?: number) =>
      c.post(`/orders/${seg(orderId)}/refund`, { reason, ...(amountCents === undefined ? {} : { refund_amount_cents: amountCents }) }, OrderSchema),
  };
}
