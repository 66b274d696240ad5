import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { commerceFor } from '../../shared/commerce/deps';
import type { OrderRecord } from '../../shared/commerce/commerce-records';
import { ordersSection } from '../../shared/digests/sections-more';
import { startHarness } from '../support/harness';

// The digest's order section reads the user's orders through the orders store: only orders that
// changed since the last digest, newest change first, and never another user's.

const h = await startHarness();
afterAll(() => h.close());
beforeEach(() => h.reset());

const ctxOf = (uid: string) => h.runtime.contextFor({ uid, via: 'dev' }, 'digest-test', new AbortController().signal);

function order(uid: string, orderId: string, status: OrderRecord['status'], updatedAt: string): OrderRecord {
  return {
    uid,
    orderId,
    checkoutId: `chk_${orderId}`,
    merchantId: 'merchant_a',
    merchantOrderId: null,
    status,
    totalCents: 12_345,
    currency: 'USD',
    lines: [],
    trackingNumber: null,
    carrier: null,
    version: 1,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt,
  };
}

async function save(rec: OrderRecord): Promise<void> {
  const cm = commerceFor(ctxOf(rec.uid));
  const db = await cm.db();
  await db.runTransaction(async (tx) => cm.orders.createInTx(tx, db, rec));
}

describe('digest orders section', () => {
  it('lists the orders that changed since the last digest, newest first, and only the reader’s own', async () => {
    await save(order('ana', 'ord_old', 'confirmed', '2026-11-28T10:00:00.000Z'));
    await save(order('ana', 'ord_shipped', 'shipped', '2026-11-29T12:00:00.000Z'));
    await save(order('ana', 'ord_delivered', 'delivered', '2026-11-29T18:00:00.000Z'));
    await save(order('bo', 'ord_bo', 'shipped', '2026-11-29T19:00:00.000Z'));

    const section = await ordersSection(ctxOf('ana'), '2026-11-29T00:00:00.000Z');
    expect(section).toEqual({
      changes: [
        { orderId: 'ord_delivered', status: 'delivered', merchant: 'merchant_a', total: '123.45 USD', updatedAt: '2026-11-29T18:00:00.000Z' },
        { orderId: 'ord_shipped', status: 'shipped', merchant: 'merchant_a', total: '123.45 USD', updatedAt: '2026-11-29T12:00:00.000Z' },
      ],
    });
  });
});
