import { upstreamKey } from '../providers/cartpilot/idempotency-keys';
import type { OrderStatus } from '../providers/cartpilot/schemas';
import type { Commerce } from './deps';
import { orderView } from './views';

// Orders the user bought. Ownership comes from users/{uid}/orders: CartPilot's own order list
// holds every user's orders (one API key for all), so it is never shown as is.

export async function getOrderStatus(cm: Commerce, uid: string, orderId: string) {
  await cm.orders.getOwned(uid, orderId);
  const order = await cm.api.getOrder(orderId);
  const synced = await cm.orders.sync(uid, order, 'cartpilot');
  const history = await cm.orders.history(uid, orderId);
  return { ...orderView(synced), status_history: history.map(historyView) };
}

/** One mirrored transition (orders-store.ts writes them), as the API shows it. */
function historyView(h: Record<string, unknown>) {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { from: text(h.from), to: String(h.to), at: String(h.at), reason: text(h.reason) };
}

export async function listOrders(cm: Commerce, uid: string, opts: { status?: OrderStatus; page: number; pageSize: number }) {
  const { orders, hasMore } = await cm.orders.list(uid, opts);
  return { orders: orders.map(orderView), page: opts.page, page_size: opts.pageSize, has_more: hasMore };
}

export async function cancelOrder(cm: Commerce, uid: string, orderId: string, reason: string) {
  await cm.orders.getOwned(uid, orderId);
  // One cancellation per order and reason: a retry replays it instead of being refused as
  // "already cancelled".
  const order = await cm.api.cancelOrder(orderId, reason, upstreamKey(uid, 'cancel', orderId, reason));
  return orderView(await cm.orders.sync(uid, order, uid));
}
