// The checkout and order state machines, as CartPilot enforces them.
import type { CheckoutStatus, OrderStatus } from '../../shared/providers/cartpilot/schemas';

// created → quoted → awaiting_approval → approved → confirmed; a re-quote whose total moved sends
// awaiting_approval/approved back to quoted; failed and cancelled are terminal.
const CHECKOUT_NEXT: Record<CheckoutStatus, readonly CheckoutStatus[]> = {
  created: ['quoted', 'failed', 'cancelled'],
  quoted: ['quoted', 'awaiting_approval', 'failed', 'cancelled'],
  awaiting_approval: ['approved', 'quoted', 'failed', 'cancelled'],
  approved: ['confirmed', 'quoted', 'failed', 'cancelled'],
  confirmed: [],
  failed: [],
  cancelled: [],
};

export function canCheckoutMove(from: CheckoutStatus, to: CheckoutStatus): boolean {
  return CHECKOUT_NEXT[from].includes(to);
}

/** States in which POST /quote is accepted (the last two only re-price, possibly resetting). */
export const QUOTABLE: readonly CheckoutStatus[] = ['created', 'quoted', 'awaiting_approval', 'approved'];
/** States holding a frozen receipt that a changed total invalidates. */
export const FROZEN_STATES: readonly CheckoutStatus[] = ['awaiting_approval', 'approved'];

// pending → confirmed → shipped → delivered → returned; refunds from delivered, returned or
// cancelled; cancellation only before delivery.
const ORDER_NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['shipped', 'cancelled'],
  shipped: ['delivered', 'cancelled'],
  delivered: ['returned', 'refunded'],
  returned: ['refunded'],
  cancelled: ['refunded'],
  refunded: [],
};

export function canOrderMove(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_NEXT[from].includes(to);
}

const FORWARD: readonly OrderStatus[] = ['pending', 'confirmed', 'shipped', 'delivered', 'returned'];

/**
 * The steps from `from` to `to` for the test control advanceOrder: along the fulfilment chain it
 * walks every intermediate state (so history and timestamps look real); otherwise only a direct
 * transition is allowed. Returns null when `to` cannot be reached.
 */
export function orderSteps(from: OrderStatus, to: OrderStatus): OrderStatus[] | null {
  const a = FORWARD.indexOf(from);
  const b = FORWARD.indexOf(to);
  if (a >= 0 && b > a) return FORWARD.slice(a + 1, b + 1) as OrderStatus[];
  return canOrderMove(from, to) ? [to] : null;
}
