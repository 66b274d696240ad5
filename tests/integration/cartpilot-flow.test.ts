import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { sendOrderEvent, shopper, upstreamSince, warmUp, X1_BLACK_X2, X1_BLACK_X2_TOTAL, type Shopper } from '../support/shopping';

// Multi-step scenarios over HTTP and the emulator: generous when the machine is busy.
const SLOW = { timeout: 60_000 };

// CartPilot's end-to-end scenarios through the HTTP functions, against the CartPilot fake.

let h: Harness;
let ana: Shopper;
beforeAll(async () => {
  h = await startHarness();
  await warmUp(h);
  ana = shopper(h, 'ana');
  // Many purchases in one day: a daily cap high enough for all of them.
  const policy = { max_per_order: { USD: 50_000 }, max_per_day: { USD: 5_000_000 }, allowed_currencies: ['USD'], allowed_merchants: null };
  expect((await h.call('spending-policy', policy, { method: 'PUT', headers: { authorization: 'Bearer dev:ana' } })).status).toBe(200);
});
afterAll(async () => h?.close());
beforeEach(() => h.cartpilot.clearFaults());

const confirmPath = /\/checkouts\/[^/]+\/confirm$/;

describe('shopping happy path', SLOW, () => {
  it('goes from a search to a delivered order, with receipts, audit trail and history', async () => {
    const from = h.cartpilot.requests.length;
    const intent = await ana.call('create-intent', { query: 'wireless headphones' });
    expect(intent.status).toBe(201);
    const offers = await ana.call('get-intent-offers', { intent_id: intent.json.data.intent_id });
    expect(offers.json.data.offers.map((o: { merchant_id: string }) => o.merchant_id)).toEqual(['merchant-a', 'merchant-b']);
    const offerId = offers.json.data.offers[0].offer_id;
    const details = await ana.call('get-offer-details', { offer_id: offerId });
    expect(details.json.data.items.find((i: { variant_id: string }) => i.variant_id === 'var-x1-black').price).toEqual({ amount: 7999, currency: 'USD' });

    const created = await ana.call('create-checkout', { offer_id: offerId, items: X1_BLACK_X2 });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({ status: 'created', created: true, next_step: 'quote_checkout' });
    const checkoutId = created.json.data.checkout_id;
    const quoted = await ana.call('quote-checkout', { checkout_id: checkoutId, customer_email: 'ana@example.com' });
    expect(quoted.json.data).toMatchObject({ status: 'quoted', total: { amount: X1_BLACK_X2_TOTAL, currency: 'USD' }, next_step: 'request_approval' });

    const requested = await ana.call('request-approval', { checkout_id: checkoutId });
    expect(requested.status).toBe(201);
    const approval = requested.json.data;
    expect(approval).toMatchObject({ status: 'pending', checkout_id: checkoutId, receipt: { total: { amount: X1_BLACK_X2_TOTAL, currency: 'USD' } } });
    expect(approval.receipt.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(Date.parse(approval.expires_at) - Date.now()).toBeGreaterThan(14 * 60_000);

    const approved = await ana.call('approve-checkout', { approval_id: approval.approval_id });
    expect(approved.json.data).toMatchObject({ status: 'approved', receipt_hash: approval.receipt.hash, total: { amount: X1_BLACK_X2_TOTAL } });
    const confirmed = await ana.call('confirm-checkout', { checkout_id: checkoutId });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.data).toMatchObject({ status: 'confirmed', replayed: false, total: { amount: X1_BLACK_X2_TOTAL, currency: 'USD' } });
    const orderId = confirmed.json.data.order_id;
    expect(h.cartpilot.confirmCalls()).toBe(1);

    h.cartpilot.advanceOrder(orderId, 'delivered', { tracking_number: 'TRK-1', carrier: 'DHL' });
    const hook = await sendOrderEvent(h, orderId, 'order.delivered');
    expect(hook.res.json.data).toMatchObject({ duplicate: false, order_id: orderId, status: 'delivered' });
    const order = await ana.call('get-order-status', { order_id: orderId });
    expect(order.json.data).toMatchObject({ status: 'delivered', tracking_number: 'TRK-1', carrier: 'DHL', total: { amount: X1_BLACK_X2_TOTAL } });
    const list = await ana.call('list-orders', { status: 'delivered' });
    expect(list.json.data.orders.map((o: { order_id: string }) => o.order_id)).toEqual([orderId]);

    const checkout = await h.runtime.stores.db().then((db) => db.doc(`users/ana/checkouts/${checkoutId}`).get());
    expect(checkout.data()).toMatchObject({
      status: 'confirmed',
      orderId,
      receipt: { hash: approval.receipt.hash, totalCents: X1_BLACK_X2_TOTAL, currency: 'USD' },
    });
    const { CheckoutsStore } = await import('../../shared/commerce/checkouts-store');
    const trail = await new CheckoutsStore(() => h.runtime.stores.db()).auditTrail('ana', checkoutId);
    expect(trail.map((a) => [a.from, a.to, a.actor])).toEqual([
      [null, 'created', 'ana'],
      ['created', 'quoted', 'ana'],
      ['quoted', 'awaiting_approval', 'ana'],
      ['awaiting_approval', 'approved', 'ana'],
      ['approved', 'confirmed', 'ana'],
    ]);
    const { OrdersStore } = await import('../../shared/commerce/orders-store');
    const history = await new OrdersStore(() => h.runtime.stores.db()).history('ana', orderId);
    expect(history.map((e) => e.to)).toEqual(['pending', 'confirmed', 'shipped', 'delivered']);
    expect(history.at(-1)).toMatchObject({ observedBy: 'webhook', eventId: `merchant-a:${hook.event.event_id}` });

    // Every upstream call carried our request id; every POST carried an Idempotency-Key.
    for (const r of upstreamSince(h, from)) {
      expect(r.headers['x-request-id']).toMatch(/\S{8,}/);
      if (r.method === 'POST') expect(r.headers['idempotency-key']).toMatch(/^sf-/);
    }
    expect(upstreamSince(h, from).some((r) => r.headers['x-request-id'] === confirmed.headers.get('x-request-id'))).toBe(true);
  });
});

describe('idempotency', SLOW, () => {
  it('returns the same checkout for a repeated create and the same order for a repeated confirm', async () => {
    const checkoutId = await ana.checkout();
    const offerId = (await ana.call('get-checkout', { checkout_id: checkoutId })).json.data.offer_id;
    const again = await ana.call('create-checkout', { offer_id: offerId, items: X1_BLACK_X2 });
    expect(again.json.data).toMatchObject({ checkout_id: checkoutId, created: false });

    await ana.call('quote-checkout', { checkout_id: checkoutId });
    const { approval_id } = (await ana.call('request-approval', { checkout_id: checkoutId })).json.data;
    await ana.call('approve-checkout', { approval_id });
    const before = h.cartpilot.confirmCalls();
    const first = await ana.call('confirm-checkout', { checkout_id: checkoutId });
    const second = await ana.call('confirm-checkout', { checkout_id: checkoutId });
    expect(second.status).toBe(200);
    expect(second.json.data).toMatchObject({ order_id: first.json.data.order_id, replayed: true });
    expect(h.cartpilot.confirmCalls()).toBe(before + 1);
  });
});

describe('failures', SLOW, () => {
  it('refuses an out-of-stock line at quote time (409, CartPilot code kept) and buys nothing', async () => {
    const checkoutId = await ana.checkout([{ product_id: 'prod-trail-shoes', variant_id: 'var-shoe-10', quantity: 1 }], 'trail running shoes', 'merchant-b');
    const quote = await ana.call('quote-checkout', { checkout_id: checkoutId });
    expect(quote.status).toBe(409);
    expect(quote.json.error).toMatchObject({ code: 'conflict', details: { provider: 'cartpilot', error_code: 'MERCHANT_ERROR' } });
    expect(quote.json.error.message).toMatch(/Out of stock/);
    const approval = await ana.call('request-approval', { checkout_id: checkoutId });
    expect(approval.status).toBe(409);
  });

  it('recovers a confirm whose answer was lost after the merchant executed it: one purchase, same order', async () => {
    const { checkoutId } = await ana.approved();
    const before = h.cartpilot.confirmCalls();
    h.cartpilot.inject({ match: { method: 'POST', path: confirmPath }, status: 0, afterHandler: true });
    const res = await ana.call('confirm-checkout', { checkout_id: checkoutId });
    expect(res.status).toBe(200);
    expect(h.cartpilot.confirmCalls()).toBe(before + 1);
    const confirms = h.cartpilot.requests.filter((r) => r.path === `/checkouts/${checkoutId}/confirm`);
    expect(confirms).toHaveLength(2);
    expect(new Set(confirms.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  });

  it('when every answer is lost, the request fails and the retry returns the one order', async () => {
    const { checkoutId } = await ana.approved();
    const before = h.cartpilot.confirmCalls();
    h.cartpilot.inject({ match: { method: 'POST', path: confirmPath }, status: 0, afterHandler: true, times: 2 });
    const lost = await ana.call('confirm-checkout', { checkout_id: checkoutId });
    expect(lost.status).toBe(503);
    expect(lost.json.error.details).toMatchObject({ outcome: 'unknown' });
    const retry = await ana.call('confirm-checkout', { checkout_id: checkoutId });
    expect(retry.status).toBe(200);
    expect(h.cartpilot.confirmCalls()).toBe(before + 1);
    const again = await ana.call('confirm-checkout', { checkout_id: checkoutId });
    expect(again.json.data).toMatchObject({ order_id: retry.json.data.order_id, replayed: true });
    const orders = await ana.call('list-orders', {});
    expect(orders.json.data.orders.filter((o: { checkout_id: string }) => o.checkout_id === checkoutId)).toHaveLength(1);
  });
});

describe('cancel_order', SLOW, () => {
  it('cancels an undelivered order and records it; CartPilot keeps no key for cancel, so a repeat reads the outcome', async () => {
    const { orderId } = await ana.bought();
    const res = await ana.call('cancel-order', { order_id: orderId, reason: 'changed my mind' });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ order_id: orderId, status: 'cancelled' });
    const { OrdersStore } = await import('../../shared/commerce/orders-store');
    const history = await new OrdersStore(() => h.runtime.stores.db()).history('ana', orderId);
    expect(history.at(-1)).toMatchObject({ from: 'pending', to: 'cancelled', observedBy: 'ana' });
    const cancels = h.cartpilot.requests.filter((r) => r.path === `/orders/${orderId}/cancel`);
    expect(cancels.map((r) => r.headers['idempotency-key'])).toEqual([undefined]);
    // Asking again, for whatever reason, is answered with the cancellation the user already has.
    const other = await ana.call('cancel-order', { order_id: orderId, reason: 'another reason' });
    expect(other.status).toBe(200);
    expect(other.json.data).toEqual(res.json.data);
  });

  it('refuses (409, CartPilot code kept) to cancel a delivered order', async () => {
    const { orderId } = await ana.bought();
    h.cartpilot.advanceOrder(orderId, 'delivered');
    const res = await ana.call('cancel-order', { order_id: orderId, reason: 'too late' });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'conflict', details: { error_code: 'INVALID_TRANSITION' } });
  });
});

describe('request_refund', SLOW, () => {
  it('refunds a delivered order once (a repeat answers the refund), refuses an undelivered one or too much, before any write', async () => {
    const { orderId } = await ana.bought();
    const from = h.cartpilot.requests.length;
    const early = await ana.call('request-refund', { order_id: orderId, reason: 'arrived damaged' });
    expect(early.status).toBe(409);
    expect(early.json.error.details).toMatchObject({ code: 'ORDER_NOT_REFUNDABLE', status: 'pending' });
    h.cartpilot.advanceOrder(orderId, 'delivered');
    const tooMuch = await ana.call('request-refund', { order_id: orderId, reason: 'arrived damaged', amount: X1_BLACK_X2_TOTAL + 1 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.json.error.code).toBe('invalid_input');
    expect(upstreamSince(h, from).filter((r) => r.method === 'POST')).toEqual([]);

    const refunded = await ana.call('request-refund', { order_id: orderId, reason: 'arrived damaged', amount: 5000 });
    expect(refunded.status, refunded.text).toBe(200);
    expect(refunded.json.data).toMatchObject({ order_id: orderId, status: 'refunded' });
    const again = await ana.call('request-refund', { order_id: orderId, reason: 'arrived damaged', amount: 5000 });
    expect(again.json.data).toEqual(refunded.json.data);
    const posts = upstreamSince(h, from).filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.path, r.body])).toEqual([[`/orders/${orderId}/refund`, { reason: 'arrived damaged', refund_amount_cents: 5000 }]]);
    expect((await ana.call('request-refund', { order_id: orderId, reason: 'another' })).status).toBe(409);
  });

  it('is not the model’s to run: from a model call it becomes a pending approval', async () => {
    const { modelGate } = await import('../../shared/actions/define-action');
    const { actionByName } = await import('../../shared/actions');
    const refund = actionByName('request_refund');
    expect(refund?.effect).toBe('purchase');
    expect(modelGate(refund!)).toBe('approval');
    expect(modelGate(refund!)).toBe(modelGate(actionByName('cancel_order')!));
  });
});
