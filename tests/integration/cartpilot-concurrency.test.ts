import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { shopper, warmUp, X1_BLACK_X2_TOTAL } from '../support/shopping';

// Multi-step scenarios over HTTP and the emulator: generous when the machine is busy.
const SLOW = { timeout: 60_000 };

// Twenty confirms of one approved checkout at once: one upstream purchase, one order, and every
// caller gets that order. The claim is a create() precondition, not a contended transaction, so
// this stays fast on the emulator.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await warmUp(h);
});
afterAll(async () => h?.close());

describe('confirm_checkout under concurrency', SLOW, () => {
  it('20 concurrent confirms → exactly one upstream confirm and the same order for all', async () => {
    const ana = shopper(h, 'ana');
    const { checkoutId, approvalId } = await ana.approved();
    const results = await Promise.all(Array.from({ length: 20 }, () => ana.call('confirm-checkout', { checkout_id: checkoutId })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const orderIds = new Set(results.map((r) => r.json.data.order_id));
    expect(orderIds.size).toBe(1);
    expect(results.filter((r) => r.json.data.replayed === false)).toHaveLength(1);
    expect(h.cartpilot.confirmCalls()).toBe(1);
    expect(h.cartpilot.requests.filter((r) => r.path === `/checkouts/${checkoutId}/confirm`)).toHaveLength(1);
    const db = await h.runtime.stores.db();
    expect((await db.doc(`users/ana/approvals/${approvalId}`).get()).data()).toMatchObject({ status: 'used' });
    const [orderId] = [...orderIds];
    expect((await db.doc(`orderOwners/${orderId}`).get()).data()).toMatchObject({ uid: 'ana', merchantId: 'merchant-a' });
    expect((await db.doc(`users/ana/orders/${orderId}`).get()).data()).toMatchObject({ status: 'pending', totalCents: X1_BLACK_X2_TOTAL, checkoutId });
  });
});
