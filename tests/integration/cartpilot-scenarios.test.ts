import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CATALOG_IDS } from '../../sandbox/cartpilot';
import { AUDIENCE_BASE, startOidcMint, type OidcMint } from '../support/google-oidc';
import { startHarness, type Harness } from '../support/harness';
import { sendOrderEvent, shopper, signedHeaders, upstreamSince, warmUp, X1_BLACK_X2_TOTAL, type Shopper } from '../support/shopping';

// CartPilot's own end-to-end scenarios through the project's functions, against a fake that
// behaves as the real server was measured to (issue #13): refusals cached under their
// Idempotency-Key, REAPPROVAL_REQUIRED without totals, no idempotency on cancel, order events
// by merchant_order_id, and no push from CartPilot at all.

const SLOW = { timeout: 90_000 };
const X1 = CATALOG_IDS.products.headphonesX1;
const SHOES = CATALOG_IDS.products.trailShoes;

let h: Harness;
let oidc: OidcMint;
let ana: Shopper;
/** Added to the functions' clock (not CartPilot's): lets an order become due for the sync. */
let offsetMs = 0;

beforeAll(async () => {
  oidc = await startOidcMint();
  h = await startHarness({ extraEnv: { ...oidc.env, PUSH_AUDIENCE_BASE_URL: AUDIENCE_BASE }, clock: { now: () => new Date(Date.now() + offsetMs) } });
  await warmUp(h);
  ana = shopper(h, 'ana');
  // Many purchases in one day: a daily cap high enough for all of them.
  const policy = { max_per_order: { USD: 50_000 }, max_per_day: { USD: 5_000_000 }, allowed_currencies: ['USD'], allowed_merchants: null };
  expect((await h.call('spending-policy', policy, { method: 'PUT', headers: { authorization: 'Bearer dev:ana' } })).status).toBe(200);
});
afterAll(async () => {
  await h?.close();
  await oidc?.close();
});
beforeEach(() => {
  h.cartpilot.clearFaults();
  offsetMs = 0;
});

const doc = async (path: string) => (await (await h.runtime.stores.db()).doc(path).get()).data();
const spentToday = async () =>
  (await h.call('spending-policy', undefined, { method: 'GET', headers: { authorization: 'Bearer dev:ana' } })).json.data.today.spent.USD ?? 0;
const keysOf = (from: number, path: RegExp) =>
  upstreamSince(h, from)
    .filter((r) => r.method === 'POST' && path.test(r.path))
    .map((r) => r.headers['idempotency-key']);
const history = async (orderId: string) => {
  const { OrdersStore } = await import('../../shared/commerce/orders-store');
  return new OrdersStore(() => h.runtime.stores.db()).history('ana', orderId);
};

describe('price change after approval', SLOW, () => {
  it('confirm is refused (REAPPROVAL_REQUIRED without totals upstream), the day is refunded; re-approved, it buys once', async () => {
    const spent = await spentToday();
    const { checkoutId, approvalId } = await ana.approved();
    const purchases = h.cartpilot.confirmCalls();
    h.cartpilot.setPrice(X1, 'var-x1-black', 8999);
    try {
      const refused = await ana.call('confirm-checkout', { checkout_id: checkoutId });
      expect(refused.status).toBe(409);
      expect(refused.json.error).toMatchObject({ code: 'conflict', details: { code: 'REAPPROVAL_REQUIRED', original_total: { amount: X1_BLACK_X2_TOTAL } } });
      expect(await doc(`users/ana/approvals/${approvalId}`)).toMatchObject({ status: 'void', voidReason: 'price_changed' });
      expect(await spentToday()).toBe(spent);
      expect((await ana.call('quote-checkout', { checkout_id: checkoutId })).json.data.total.amount).toBe(19483);
      const fresh = (await ana.call('request-approval', { checkout_id: checkoutId })).json.data;
      expect((await ana.call('approve-checkout', { approval_id: fresh.approval_id })).status).toBe(200);
      const bought = await ana.call('confirm-checkout', { checkout_id: checkoutId });
      expect(bought.json.data).toMatchObject({ status: 'confirmed', total: { amount: 19483 }, replayed: false });
      const again = await ana.call('confirm-checkout', { checkout_id: checkoutId });
      expect(again.json.data).toMatchObject({ order_id: bought.json.data.order_id, replayed: true });
      expect(h.cartpilot.confirmCalls()).toBe(purchases + 1);
      expect(await spentToday()).toBe(spent + 19483);
    } finally {
      h.cartpilot.setPrice(X1, 'var-x1-black', 7999);
    }
  });
});

describe('out of stock', SLOW, () => {
  it('at quote: once stock is back the same checkout quotes and buys at once, not after 24 h', async () => {
    const shoes = [{ product_id: SHOES, variant_id: 'var-shoe-10', quantity: 1 }];
    const checkoutId = await ana.checkout(shoes, 'trail running shoes', 'merchant-b');
    const from = h.cartpilot.requests.length;
    const refused = await ana.call('quote-checkout', { checkout_id: checkoutId });
    expect(refused.status).toBe(409);
    expect(refused.json.error.details).toMatchObject({ error_code: 'MERCHANT_ERROR' });
    h.cartpilot.setStock(SHOES, 'var-shoe-10', 3);
    try {
      const quoted = await ana.call('quote-checkout', { checkout_id: checkoutId });
      expect(quoted.status, quoted.text).toBe(200);
      expect(quoted.json.data.status).toBe('quoted');
      const [first, second] = keysOf(from, /\/quote$/);
      expect(second).not.toBe(first);
      const approval = await ana.call('request-approval', { checkout_id: checkoutId });
      expect((await ana.call('approve-checkout', { approval_id: approval.json.data.approval_id })).status).toBe(200);
      const purchases = h.cartpilot.confirmCalls();
      expect((await ana.call('confirm-checkout', { checkout_id: checkoutId })).status).toBe(200);
      expect(h.cartpilot.confirmCalls()).toBe(purchases + 1);
    } finally {
      h.cartpilot.setStock(SHOES, 'var-shoe-10', 0);
    }
  });

  it('at confirm: nothing is bought; after stock is back (and a re-quote at the same price) it buys once', async () => {
    const { checkoutId, approvalId } = await ana.approved();
    const purchases = h.cartpilot.confirmCalls();
    const from = h.cartpilot.requests.length;
    h.cartpilot.setStock(X1, 'var-x1-black', 1);
    try {
      const refused = await ana.call('confirm-checkout', { checkout_id: checkoutId });
      expect(refused.status).toBe(409);
      expect(refused.json.error.details).toMatchObject({ error_code: 'MERCHANT_ERROR' });
      expect(h.cartpilot.confirmCalls()).toBe(purchases);
      expect(await doc(`users/ana/approvals/${approvalId}`)).toMatchObject({ status: 'approved' });
      h.cartpilot.setStock(X1, 'var-x1-black', 25);
      const requote = await ana.call('quote-checkout', { checkout_id: checkoutId });
      expect(requote.json.data).toMatchObject({ status: 'approved', total: { amount: X1_BLACK_X2_TOTAL } });
      const bought = await ana.call('confirm-checkout', { checkout_id: checkoutId });
      expect(bought.status, bought.text).toBe(200);
      expect(h.cartpilot.confirmCalls()).toBe(purchases + 1);
      const [first, second] = keysOf(from, /\/confirm$/);
      expect(second).not.toBe(first);
    } finally {
      h.cartpilot.setStock(X1, 'var-x1-black', 25);
    }
  });
});

describe('confirmed elsewhere', SLOW, () => {
  it('a confirm CartPilot answers with order_id null (another key) still records the one order', async () => {
    const { checkoutId } = await ana.approved();
    const direct = await fetch(`${h.cartpilot.url}/checkouts/${checkoutId}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.cartpilotKey}`, 'content-type': 'application/json', 'idempotency-key': 'someone-else' },
      body: JSON.stringify({ payment_method: 'test_card' }),
    }).then((r) => r.json() as Promise<{ order_id: string }>);
    const purchases = h.cartpilot.confirmCalls();
    const res = await ana.call('confirm-checkout', { checkout_id: checkoutId });
    expect(res.status, res.text).toBe(200);
    expect(res.json.data).toMatchObject({ order_id: direct.order_id, status: 'confirmed' });
    expect(h.cartpilot.confirmCalls()).toBe(purchases);
    expect((await ana.call('get-order-status', { order_id: direct.order_id })).json.data.checkout_id).toBe(checkoutId);
  });
});

describe('cancel twice', SLOW, () => {
  it('one cancellation and the same answer, even when the first answer was lost', async () => {
    const { orderId } = await ana.bought();
    h.cartpilot.inject({ match: { method: 'POST', path: `/orders/${orderId}/cancel` }, status: 0, afterHandler: true });
    const first = await ana.call('cancel-order', { order_id: orderId, reason: 'changed my mind' });
    expect(first.status, first.text).toBe(200);
    expect(first.json.data.status).toBe('cancelled');
    const second = await ana.call('cancel-order', { order_id: orderId, reason: 'changed my mind' });
    expect(second.status).toBe(200);
    expect(second.json.data).toEqual(first.json.data);
    expect((await history(orderId)).filter((e) => e.to === 'cancelled')).toHaveLength(1);
  });
});

describe('merchant events', SLOW, () => {
  it('order.created then order.shipped, by merchant_order_id: the order shows shipped with tracking', async () => {
    const { orderId } = await ana.bought();
    const created = await sendOrderEvent(h, orderId, 'order.created');
    expect(JSON.stringify(created.event)).not.toContain(orderId);
    expect(created.res.json.data).toMatchObject({ duplicate: false, order_id: orderId, status: 'pending' });
    const shipped = await sendOrderEvent(h, orderId, 'order.shipped', { tracking_number: 'TRK-42', carrier: 'DHL' });
    expect(shipped.res.json.data).toMatchObject({ order_id: orderId, status: 'shipped' });
    // CartPilot itself still says pending (the merchant told us, not it): reading it changes nothing.
    const view = await ana.call('get-order-status', { order_id: orderId });
    expect(view.json.data).toMatchObject({ status: 'shipped', tracking_number: 'TRK-42', carrier: 'DHL' });
    expect((await history(orderId)).map((e) => [e.to, e.observedBy])).toEqual([
      ['pending', 'ana'],
      ['shipped', 'webhook'],
    ]);
    const other = h.cartpilot.makeMerchantEvent('merchant-a', 'stock.changed', { product_id: X1, quantity: 3 });
    const raw = JSON.stringify(other);
    const ignored = await h.call('merchant-webhook', undefined, { rawBody: raw, headers: signedHeaders(h, raw) });
    expect(ignored.json.data).toEqual({ duplicate: false, ignored: true });
  });

  it('a stale or replayed webhook is refused', async () => {
    const { orderId } = await ana.bought();
    const post = (raw: string, headers: Record<string, string>) => h.call('merchant-webhook', undefined, { rawBody: raw, headers });
    const stale = { ...h.cartpilot.makeOrderEvent(orderId, 'order.shipped'), timestamp: new Date(Date.now() - 10 * 60_000).toISOString() };
    const staleRes = await post(JSON.stringify(stale), signedHeaders(h, JSON.stringify(stale)));
    expect(staleRes.status).toBe(401);
    expect(staleRes.json.error.details).toMatchObject({ code: 'EVENT_OUTSIDE_TOLERANCE' });
    const event = JSON.stringify(h.cartpilot.makeOrderEvent(orderId, 'order.shipped'));
    const v1 = (t: number) => {
      const { 'Content-Type': _json, ...rest } = h.cartpilot.signWebhook(h.merchantWebhookSecret, event, { scheme: 'v1', timestamp: t });
      return rest;
    };
    expect((await post(event, v1(Math.floor(Date.now() / 1000) - 600))).status).toBe(401);
    const headers = v1(Math.floor(Date.now() / 1000));
    expect((await post(event, headers)).json.data).toMatchObject({ duplicate: false, status: 'shipped' });
    const reads = h.cartpilot.requests.length;
    // The very same request again, inside the window: recognised, no effect; after it: refused.
    expect((await post(event, headers)).json.data).toEqual({ duplicate: true, order_id: orderId });
    offsetMs = 6 * 60_000;
    expect((await post(event, headers)).status).toBe(401);
    expect(h.cartpilot.requests.length).toBe(reads);
    expect((await history(orderId)).filter((e) => e.to === 'shipped')).toHaveLength(1);
  });
});

describe('no events at all', SLOW, () => {
  it('an order reaches its real state through the scheduled sync, which then backs off and stops once settled', async () => {
    const { orderId } = await ana.bought();
    h.cartpilot.advanceOrder(orderId, 'shipped', { tracking_number: 'TRK-S', carrier: 'UPS' });
    const sync = async () =>
      h.call('order-sync', {}, { headers: { authorization: `Bearer ${await oidc.token('order-sync', { audience: `${AUDIENCE_BASE}/order-sync` })}` } });
    expect((await h.call('order-sync', {})).status).toBe(401);
    offsetMs = 6 * 60_000;
    const run = await sync();
    expect(run.status, run.text).toBe(200);
    expect(run.json.data).toMatchObject({ failed: 0 });
    expect(run.json.data.read).toBeGreaterThanOrEqual(1);
    expect(await doc(`users/ana/orders/${orderId}`)).toMatchObject({ status: 'shipped', trackingNumber: 'TRK-S', carrier: 'UPS' });
    expect((await history(orderId)).at(-1)).toMatchObject({ to: 'shipped', observedBy: 'scheduler' });
    const owner = await doc(`orderOwners/${orderId}`);
    expect(owner?.nextSyncAtMs).toBeGreaterThan(Date.now() + offsetMs);
    const reads = h.cartpilot.requests.filter((r) => r.path === `/orders/${orderId}`).length;
    expect((await sync()).json.data.read).toBe(0); // nothing is due again yet
    expect(h.cartpilot.requests.filter((r) => r.path === `/orders/${orderId}`).length).toBe(reads);
    h.cartpilot.advanceOrder(orderId, 'delivered');
    offsetMs = 2 * 60 * 60_000;
    await sync();
    expect(await doc(`users/ana/orders/${orderId}`)).toMatchObject({ status: 'delivered' });
    expect((await doc(`orderOwners/${orderId}`))?.nextSyncAtMs ?? null).toBeNull();
  });
});
