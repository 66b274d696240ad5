import { AppError } from '../errors';
import { hashUserId } from '../log';
import { CartPilotNoResponse, isCartPilotRefusal } from '../providers/cartpilot/errors';
import type { Order, OrderStatus } from '../providers/cartpilot/schemas';
import type { Commerce } from './deps';
import { orderView } from './views';

// Orders the user bought. Ownership comes from users/{uid}/orders: CartPilot's own order list
// holds every user's orders (one API key for all), so it is never shown as is.
//
// Cancel and refund are writes CartPilot keeps no Idempotency-Key for (measured): a repeat — a
// retry, a resend after a lost answer — is refused 400 INVALID_TRANSITION. So the outcome is read
// instead: if the order now stands cancelled by this user (or refunded for this reason), that IS
// the answer, the same one the first request got.

/** Orders a refund may be asked for (CartPilot's state machine). */
const REFUNDABLE: readonly OrderStatus[] = ['delivered', 'returned', 'cancelled'];

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
  // CartPilot records who cancelled: ours is per user (hashed), so "cancelled by us" is checkable.
  const actor = `customer:${hashUserId(uid)}`;
  const settled = (o: Order) => o.status === 'cancelled' && o.cancelled_by === actor;
  const order = await writeOnce(cm, orderId, () => cm.api.cancelOrder(orderId, reason, actor), settled);
  return orderView(await cm.orders.sync(uid, order, uid));
}

export async function requestRefund(cm: Commerce, uid: string, orderId: string, reason: string, amountCents?: number) {
  await cm.orders.getOwned(uid, orderId);
  const settled = (o: Order) => o.status === 'refunded' && o.refund_reason === reason;
  const current = await cm.api.getOrder(orderId);
  if (settled(current)) return orderView(await cm.orders.sync(uid, current, uid));
  // Refused here, before any write, rather than by CartPilot: the user learns why.
  if (!REFUNDABLE.includes(current.status)) {
    throw new AppError('conflict', `A refund can be requested once the order is delivered, returned or cancelled (it is ${current.status}).`, {
      details: { code: 'ORDER_NOT_REFUNDABLE', order_id: orderId, status: current.status },
    });
  }
  if (amountCents !== undefined && amountCents > current.total.amount) {
    throw new AppError('invalid_input', `The refund cannot exceed the order total (${current.total.amount}).`, {
      details: { issues: [{ path: ['amount'], message: `at most ${current.total.amount}` }] },
    });
  }
  const order = await writeOnce(cm, orderId, () => cm.api.refundOrder(orderId, reason, amountCents), settled);
  return orderView(await cm.orders.sync(uid, order, uid));
}

/** The write's answer; after a refusal or a lost answer, the order if it already shows the outcome. */
async function writeOnce(cm: Commerce, orderId: string, write: () => Promise<Order>, settled: (o: Order) => boolean): Promise<Order> {
  try {
    return await write();
  } catch (e) {
    if (!isCartPilotRefusal(e) && !(e instanceof CartPilotNoResponse)) throw e;
    const now = await cm.api.getOrder(orderId);
    if (settled(now)) return now;
    throw e;
  }
}
