import { AppError } from '../errors';
import type { Commerce } from './deps';

// The scheduled sync of open orders (Cloud Scheduler → order-sync). In CartPilot's design
// merchants report to CartPilot and CartPilot pushes nothing to its clients, so without any
// merchant webhook this is how an order reaches its real state. Cost is bounded three ways: only
// orders that are due are read (orderOwners.nextSyncAtMs, one indexed range query; settled
// orders carry none), an order is due less often as it ages (order-merge.ts), and a run stops at
// MAX_PER_RUN orders or its deadline — the next run continues with what is most overdue.

const PAGE = 50;
export const MAX_PER_RUN = 500;
/** A failed read is retried on a later run, not on every one. */
const RETRY_AFTER_MS = 15 * 60 * 1000;

export interface OrderSyncReport {
  read: number;
  changed: number;
  failed: number;
}

export async function syncOpenOrders(cm: Commerce, deadlineAt: number, maxOrders = MAX_PER_RUN): Promise<OrderSyncReport> {
  const report: OrderSyncReport = { read: 0, changed: 0, failed: 0 };
  const inTime = () => Date.now() < deadlineAt && !cm.signal.aborted && report.read + report.failed < maxOrders;
  while (inTime()) {
    const due = await cm.orders.index.due(cm.clock.now().getTime(), Math.min(PAGE, maxOrders - report.read - report.failed));
    for (const d of due) {
      if (!inTime()) break;
      await syncOne(cm, d.uid, d.orderId, report);
    }
    if (due.length < PAGE) break;
  }
  return report;
}

async function syncOne(cm: Commerce, uid: string, orderId: string, report: OrderSyncReport): Promise<void> {
  try {
    const before = await cm.orders.get(uid, orderId);
    // Its mirror is gone (the user's data was deleted): nothing left to keep in step.
    if (!before) return void (await cm.orders.index.postpone(orderId, null));
    const after = await cm.orders.sync(uid, await cm.api.getOrder(orderId), 'scheduler');
    report.read++;
    if (after.status !== before.status || after.trackingNumber !== before.trackingNumber) report.changed++;
  } catch (e) {
    report.failed++;
    const level = e instanceof AppError && e.status < 500 ? 'warn' : 'error';
    cm.log[level]('scheduled order sync failed', { err: e, orderId });
    await cm.orders.index.postpone(orderId, cm.clock.now().getTime() + RETRY_AFTER_MS).catch(() => undefined);
  }
}
