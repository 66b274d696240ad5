// /orders routes: list (filtered, newest first), details, cancel, refund.
import {
  OrderCancelRequestSchema,
  OrderRefundRequestSchema,
  OrdersListQuerySchema,
  type Order,
  type OrderSummary,
} from '../../shared/providers/cartpilot/schemas';
import { json, paginate, parseBody, parseQuery, type Route } from './http';
import { cancelOrder, getOrder, refundOrder } from './order-flow';
import type { FakeStore } from './store';

const ID = '(?<order_id>[^/]+)';

function summary(o: Order): OrderSummary {
  return {
    id: o.id,
    merchant_id: o.merchant_id,
    merchant_order_id: o.merchant_order_id,
    status: o.status,
    total: { ...o.total },
    item_count: o.items.length,
    customer_email: o.customer.email,
    created_at: o.created_at,
  };
}

export function orderRoutes(store: FakeStore): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/orders$/,
      handle: (req) => {
        const q = parseQuery(req, OrdersListQuerySchema, ['page', 'page_size']);
        // Ids grow with creation, so reversing insertion order is "newest first" even when the
        // injected clock stands still.
        const all = [...store.orders.values()]
          .reverse()
          .filter((o) => (!q.status || o.status === q.status) && (!q.merchant_id || o.merchant_id === q.merchant_id))
          .map(summary);
        return json(200, paginate(all, q.page, q.page_size));
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/orders/${ID}$`),
      handle: (req) => json(200, structuredClone(getOrder(store, req.params.order_id!))),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/orders/${ID}/cancel$`),
      handle: (req) => {
        const body = parseBody(req, OrderCancelRequestSchema);
        const o = getOrder(store, req.params.order_id!);
        cancelOrder(store, o, body.reason, body.cancelled_by);
        return json(200, structuredClone(o));
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/orders/${ID}/refund$`),
      handle: (req) => {
        const body = parseBody(req, OrderRefundRequestSchema);
        const o = getOrder(store, req.params.order_id!);
        refundOrder(store, o, body.refund_amount_cents, body.reason);
        return json(200, structuredClone(o));
      },
    },
  ];
}
