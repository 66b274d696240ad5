import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_IDS } from '../../sandbox/cartpilot';
import { startHarness, type Harness } from '../support/harness';
import { shopper, upstreamSince, warmUp, X1_BLACK_X2_TOTAL, type Shopper } from '../support/shopping';

// Multi-step scenarios over HTTP and the emulator: generous when the machine is busy.
const SLOW = { timeout: 60_000 };

// Approval bound to exactly what is bought: price changes void it, it is single use, it belongs
// to one user, and the spending policy holds under concurrency.

let h: Harness;
let ana: Shopper;
let bo: Shopper;
beforeAll(async () => {
  h = await startHarness();
  await warmUp(h);
  ana = shopper(h, 'ana');
  bo = shopper(h, 'bo');
});
afterAll(async () => h?.close());

const X1 = CATALOG_IDS.products.headphonesX1;
const doc = async (path: string) => (await (await h.runtime.stores.db()).doc(path).get()).data();

describe('price change after approval', SLOW, () => {
  it('confirm → 409 REAPPROVAL_REQUIRED, nothing bought, old approval void; the new receipt can be approved and bought', async () => {
    const { checkoutId, approvalId } = await ana.approved();
    const purchases = h.cartpilot.confirmCalls();
    h.cartpilot.setPrice(X1, 'var-x1-black', 8999);
    try {
      const conf = await ana.call('confirm-checkout', { checkout_id: checkoutId });
      expect(conf.status).toBe(409);
      expect(conf.json.error).toMatchObject({ code: 'conflict', details: { code: 'REAPPROVAL_REQUIRED', original_total: { amount: X1_BLACK_X2_TOTAL } } });
      expect(h.cartpilot.confirmCalls()).toBe(purchases);
      expect(await doc(`users/ana/approvals/${approvalId}`)).toMatchObject({ status: 'void', voidReason: 'price_changed' });
      const policy = await h.call('spending-policy', undefined, { method: 'GET', headers: { authorization: 'Bearer dev:ana' } });
      expect(policy.json.data.today.spent.USD ?? 0).toBe(0);

      const reuse = await ana.call('approve-checkout', { approval_id: approvalId });
      expect(reuse.status).toBe(409);
      expect(reuse.json.error.details.code).toBe('APPROVAL_VOID');
      const early = await ana.call('request-approval', { checkout_id: checkoutId });
      expect(early.json.error.details.code).toBe('REQUOTE_REQUIRED');

      const requote = await ana.call('quote-checkout', { checkout_id: checkoutId });
      expect(requote.json.data).toMatchObject({ status: 'quoted', total: { amount: 19483 } });
      const fresh = await ana.call('request-approval', { checkout_id: checkoutId });
      expect(fresh.json.data.approval_id).not.toBe(approvalId);
      expect(fresh.json.data.receipt.total.amount).toBe(19483);
      expect((await ana.call('approve-checkout', { approval_id: fresh.json.data.approval_id })).status).toBe(200);
      const bought = await ana.call('confirm-checkout', { checkout_id: checkoutId });
      expect(bought.json.data).toMatchObject({ status: 'confirmed', total: { amount: 19483 } });
    } finally {
      h.cartpilot.setPrice(X1, 'var-x1-black', 7999);
    }
  });

  it('a re-quote with a new total voids a pending approval → 409 REAPPROVAL_REQUIRED', async () => {
    const { checkoutId, approvalId } = await ana.awaitingApproval();
    h.cartpilot.setPrice(X1, 'var-x1-black', 6999);
    try {
      const requote = await ana.call('quote-checkout', { checkout_id: checkoutId });
      expect(requote.status).toBe(409);
      expect(requote.json.error.details).toMatchObject({ code: 'REAPPROVAL_REQUIRED', new_total: { amount: 15153 } });
      expect(await doc(`users/ana/approvals/${approvalId}`)).toMatchObject({ status: 'void' });
      const view = await ana.call('get-checkout', { checkout_id: checkoutId });
      expect(view.json.data).toMatchObject({ status: 'quoted', frozen_receipt: null, next_step: 'request_approval', approval: { status: 'void' } });
    } finally {
      h.cartpilot.setPrice(X1, 'var-x1-black', 7999);
    }
  });
});

describe('single use', SLOW, () => {
  it('refuses to approve the same approval twice (409) and charges the ledger once', async () => {
    const before = (await h.call('spending-policy', undefined, { method: 'GET', headers: { authorization: 'Bearer dev:ana' } })).json.data.today.spent.USD ?? 0;
    const { approvalId } = await ana.approved();
    const replay = await ana.call('approve-checkout', { approval_id: approvalId });
    expect(replay.status).toBe(409);
    expect(replay.json.error).toMatchObject({ code: 'conflict', details: { code: 'APPROVAL_ALREADY_USED' } });
    const after = (await h.call('spending-policy', undefined, { method: 'GET', headers: { authorization: 'Bearer dev:ana' } })).json.data.today.spent.USD;
    expect(after - before).toBe(X1_BLACK_X2_TOTAL);
  });

  it('leaves the approval usable (and the ledger uncharged) when CartPilot fails to record it', async () => {
    const { approvalId } = await ana.awaitingApproval();
    h.cartpilot.inject({ match: { method: 'POST', path: /\/approve$/ }, status: 503 });
    const failed = await ana.call('approve-checkout', { approval_id: approvalId });
    expect(failed.status).toBe(503);
    expect(await doc(`users/ana/approvals/${approvalId}`)).toMatchObject({ status: 'pending', ledgerDay: null });
    expect((await ana.call('approve-checkout', { approval_id: approvalId })).status).toBe(200);
  });

  it('refuses to confirm before approval', async () => {
    const { checkoutId } = await ana.awaitingApproval();
    const res = await ana.call('confirm-checkout', { checkout_id: checkoutId });
    expect(res.status).toBe(409);
    expect(res.json.error.details.code).toBe('APPROVAL_REQUIRED');
  });
});

describe('ownership', SLOW, () => {
  it("user B cannot read, quote, approve, confirm or cancel user A's checkout or order: 404, no upstream call", async () => {
    const pending = await ana.awaitingApproval();
    const { checkoutId, orderId } = await ana.bought();
    const from = h.cartpilot.requests.length;
    const attempts = [
      bo.call('get-checkout', { checkout_id: checkoutId }),
      bo.call('quote-checkout', { checkout_id: pending.checkoutId }),
      bo.call('request-approval', { checkout_id: pending.checkoutId }),
      bo.call('approve-checkout', { approval_id: pending.approvalId }),
      bo.call('confirm-checkout', { checkout_id: pending.checkoutId }),
      bo.call('get-order-status', { order_id: orderId }),
      bo.call('cancel-order', { order_id: orderId, reason: 'not mine' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status, res.text).toBe(404);
      expect(res.json.error.code).toBe('not_found');
    }
    expect(upstreamSince(h, from)).toEqual([]);
    expect((await bo.call('list-orders', {})).json.data.orders).toEqual([]);
    expect(await doc(`users/ana/approvals/${pending.approvalId}`)).toMatchObject({ status: 'pending' });
  });

  it("user B cannot open a checkout on user A's offer", async () => {
    const checkoutId = await ana.checkout();
    const offerId = (await ana.call('get-checkout', { checkout_id: checkoutId })).json.data.offer_id;
    const res = await bo.call('create-checkout', { offer_id: offerId, items: [{ product_id: X1, variant_id: 'var-x1-white', quantity: 1 }] });
    expect(res.status).toBe(404);
    expect((await bo.call('get-offer-details', { offer_id: offerId })).status).toBe(404);
  });
});

describe('spending policy', SLOW, () => {
  const put = (uid: string, body: unknown) => h.call('spending-policy', body, { method: 'PUT', headers: { authorization: `Bearer dev:${uid}` } });

  it('lets exactly one of two concurrent approvals through when together they exceed the daily cap', async () => {
    const cleo = shopper(h, 'cleo');
    const policy = { max_per_order: { USD: 20_000 }, max_per_day: { USD: 30_000 }, allowed_currencies: ['USD'], allowed_merchants: null };
    expect((await put('cleo', policy)).status).toBe(200);
    const a = await cleo.awaitingApproval();
    const b = await cleo.awaitingApproval([{ product_id: X1, variant_id: 'var-x1-black', quantity: 2 }], 'noise cancelling headphones');
    expect(b.checkoutId).not.toBe(a.checkoutId);
    const results = await Promise.all([a, b].map((x) => cleo.call('approve-checkout', { approval_id: x.approvalId })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    expect(results.find((r) => r.status === 403)?.json.error.details).toMatchObject({ code: 'DAILY_LIMIT_EXCEEDED', limit: 30_000 });
    const today = (await h.call('spending-policy', undefined, { method: 'GET', headers: { authorization: 'Bearer dev:cleo' } })).json.data.today;
    expect(today.spent.USD).toBe(X1_BLACK_X2_TOTAL);
  });

  it('refuses over-limit orders and disallowed merchants early, and validates the policy', async () => {
    const dan = shopper(h, 'dan');
    expect(
      (await put('dan', { max_per_order: { USD: 10_000 }, max_per_day: { USD: 10_000 }, allowed_currencies: ['USD'], allowed_merchants: ['merchant-a'] }))
        .status,
    ).toBe(200);
    const checkoutId = await dan.checkout();
    await dan.call('quote-checkout', { checkout_id: checkoutId });
    const from = h.cartpilot.requests.length;
    const req = await dan.call('request-approval', { checkout_id: checkoutId });
    expect(req.status).toBe(403);
    expect(req.json.error.details).toMatchObject({ code: 'ORDER_LIMIT_EXCEEDED', limit: 10_000, amount: X1_BLACK_X2_TOTAL });
    expect(upstreamSince(h, from)).toEqual([]);
    const intent = await dan.call('create-intent', { query: 'water bottle' });
    const offers = await dan.call('get-intent-offers', { intent_id: intent.json.data.intent_id });
    const offerB = offers.json.data.offers.find((o: { merchant_id: string }) => o.merchant_id === 'merchant-b');
    const other = await dan.call('create-checkout', { offer_id: offerB.offer_id, items: [{ product_id: 'prod-bottle-750', quantity: 1 }] });
    expect(other.json.error.details.code).toBe('MERCHANT_NOT_ALLOWED');
    expect((await put('dan', { max_per_order: { USD: -1 }, max_per_day: {}, allowed_currencies: [], allowed_merchants: null })).status).toBe(400);
    const defaults = await h.call('spending-policy', undefined, { method: 'GET', headers: { authorization: 'Bearer dev:erin' } });
    expect(defaults.json.data.policy).toMatchObject({ max_per_order: { USD: 50_000 }, max_per_day: { USD: 100_000 }, allowed_merchants: null });
  });
});
