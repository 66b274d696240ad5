import type { OrderStatus } from '../providers/cartpilot/schemas';

// How news about an order (CartPilot's order, a merchant's event) is merged into our mirror, and
// when the scheduled sync looks at an order again. Pure, so the rules are tested as a table.

// Where an order can still go from each state (CartPilot's order state machine, transitively).
// News is applied only if it moves the order along it: late, duplicated or out-of-order news —
// a "shipped" after "delivered", CartPilot's stale "pending" after a merchant's "shipped" —
// never moves an order back.
const AHEAD: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['confirmed', 'shipped', 'delivered', 'returned', 'cancelled', 'refunded'],
  confirmed: ['shipped', 'delivered', 'returned', 'cancelled', 'refunded'],
  shipped: ['delivered', 'returned', 'cancelled', 'refunded'],
  delivered: ['returned', 'refunded'],
  returned: ['refunded'],
  cancelled: ['refunded'],
  refunded: [],
};

export function movesForward(from: OrderStatus, to: OrderStatus): boolean {
  return AHEAD[from].includes(to);
}

/** Orders whose state can still change without the user: the scheduled sync reads only these. */
export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'confirmed', 'shipped'];

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// The older an open order, the less often it is read: a new order moves within hours, one a week
// old within days. Past the last step it is no longer read on a schedule (the user's own reads
// and merchants' events still update it), which bounds the cost of orders that never settle.
const BACKOFF: ReadonlyArray<{ youngerThanMs: number; everyMs: number }> = [
  { youngerThanMs: HOUR, everyMs: 5 * MIN },
  { youngerThanMs: DAY, everyMs: 30 * MIN },
  { youngerThanMs: 7 * DAY, everyMs: 3 * HOUR },
  { youngerThanMs: 30 * DAY, everyMs: 12 * HOUR },
  { youngerThanMs: 60 * DAY, everyMs: DAY },
];

/** When the scheduled sync should read the order next (ms), or null: not on a schedule any more. */
export function nextSyncAtMs(status: OrderStatus, createdAtMs: number, nowMs: number): number | null {
  if (!OPEN_ORDER_STATUSES.includes(status)) return null;
  const age = Math.max(0, nowMs - createdAtMs);
  const step = BACKOFF.find((b) => age < b.youngerThanMs);
  return step ? nowMs + step.everyMs : null;
}
