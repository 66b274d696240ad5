// The CartPilot fake on every point where the real server was measured to differ from its
// OpenAPI document and notes (../shared/contracts/CARTPILOT.md, "Measured against the real
// server"): a fake kinder than the server would hide exactly the bugs issue #13 found.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckoutSchema, OrderEventDataSchema, WebhookEventSchema, type Checkout } from '../../shared/providers/cartpilot/schemas';
import { CATALOG_IDS, startCartPilotFake, type CartPilotFake } from '../../sandbox/cartpilot';

const API_KEY = 'cp_measured_key';
const P = CATALOG_IDS.products;
const SHOES_10 = [{ product_id: P.trailShoes, variant_id: 'var-shoe-10', quantity: 1 }];
const X1 = [{ product_id: P.headphonesX1, variant_id: 'var-x1-black', quantity: 2 }];

let fake: CartPilotFake;
beforeEach(async () => {
  fake = await startCartPilotFake({ apiKey: API_KEY });
});
afterEach(async () => fake.close());

interface Res {
  status: number;
  headers: Headers;
  body: any;
}

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const res = await fetch(fake.url + path, {
    method,
    headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

async function checkout(items: unknown[], query: string, merchant: string): Promise<string> {
  const intent = await api('POST', '/intents', { query });
  const offers = await api('GET', `/intents/${intent.body.id}/offers`);
  const offer = offers.body.items.find((o: { merchant_id: string }) => o.merchant_id === merchant);
  return (await api('POST', '/checkouts', { offer_id: offer.id, items })).body.id;
}

async function approvedX1(): Promise<Checkout> {
  const id = await checkout(X1, 'headphones', 'merchant-a');
  await api('POST', `/checkouts/${id}/quote`, { items: X1 });
  await api('POST', `/checkouts/${id}/request-approval`);
  return CheckoutSchema.parse((await api('POST', `/checkouts/${id}/approve`, { approved_by: 'ada' })).body);
}

const replayed = (r: Res) => r.headers.get('x-idempotent-replayed') === 'true';

describe('CartPilot fake as measured: refusals are cached under the Idempotency-Key', () => {
  it('replays an out-of-stock quote refusal for the same key after stock is back (as a 400); a new key quotes', async () => {
    const id = await checkout(SHOES_10, 'running shoes', 'merchant-b');
    const first = await api('POST', `/checkouts/${id}/quote`, { items: SHOES_10 }, { 'Idempotency-Key': 'q-1', 'X-Request-ID': 'rid-first' });
    expect(first).toMatchObject({ status: 409, body: { error_code: 'MERCHANT_ERROR', request_id: 'rid-first' } });
    expect(replayed(first)).toBe(false);
    fake.setStock(P.trailShoes, 'var-shoe-10', 3);
    const again = await api('POST', `/checkouts/${id}/quote`, { items: SHOES_10 }, { 'Idempotency-Key': 'q-1', 'X-Request-ID': 'rid-second' });
    expect(again.status).toBe(400);
    expect(replayed(again)).toBe(true);
    // The replay keeps the first request's id in its body and carries no X-Request-ID header.
    expect(again.body).toMatchObject({ error_code: 'MERCHANT_ERROR', request_id: 'rid-first' });
    expect(again.headers.get('x-request-id')).toBeNull();
    const fresh = await api('POST', `/checkouts/${id}/quote`, { items: SHOES_10 }, { 'Idempotency-Key': 'q-2' });
    expect(fresh).toMatchObject({ status: 200, body: { status: 'quoted' } });
  });

  it('refuses a confirm out of stock with 409 MERCHANT_ERROR and replays it as 400; another key buys', async () => {
    const c = await approvedX1();
    fake.setStock(P.headphonesX1, 'var-x1-black', 1);
    const body = { payment_method: 'test_card' };
    const refused = await api('POST', `/checkouts/${c.id}/confirm`, body, { 'Idempotency-Key': 'c-1' });
    expect(refused).toMatchObject({ status: 409, body: { error_code: 'MERCHANT_ERROR' } });
    fake.setStock(P.headphonesX1, 'var-x1-black', 25);
    const again = await api('POST', `/checkouts/${c.id}/confirm`, body, { 'Idempotency-Key': 'c-1' });
    expect(again).toMatchObject({ status: 400, body: { error_code: 'MERCHANT_ERROR' } });
    expect(fake.confirmCalls()).toBe(0);
    expect((await api('POST', `/checkouts/${c.id}/confirm`, body, { 'Idempotency-Key': 'c-2' })).status).toBe(200);
    expect(fake.confirmCalls()).toBe(1);
  });

  it('serves replays before checking the API key, and keeps replaying a 401 after the key is fixed', async () => {
    const ok = await api('POST', '/intents', { query: 'headphones' }, { 'Idempotency-Key': 'i-1' });
    const noKey = await api('POST', '/intents', { query: 'headphones' }, { 'Idempotency-Key': 'i-1', Authorization: '' });
    expect(noKey.status).toBe(201);
    expect(replayed(noKey)).toBe(true);
    expect(noKey.body.id).toBe(ok.body.id);
    const wrong = await api('POST', '/intents', { query: 'coffee' }, { 'Idempotency-Key': 'i-2', Authorization: 'Bearer old-key' });
    expect(wrong).toMatchObject({ status: 401, body: { error_code: 'INVALID_API_KEY' } });
    const fixed = await api('POST', '/intents', { query: 'coffee' }, { 'Idempotency-Key': 'i-2' });
    expect(fixed.status).toBe(401);
    expect(replayed(fixed)).toBe(true);
  });

  it('does not honour the key on cancel: a repeated cancel is 400 INVALID_TRANSITION, not a replay', async () => {
    const c = await approvedX1();
    const { order_id } = (await api('POST', `/checkouts/${c.id}/confirm`, {})).body;
    const first = await api('POST', `/orders/${order_id}/cancel`, { reason: 'r' }, { 'Idempotency-Key': 'x-1' });
    expect(first.body.status).toBe('cancelled');
    const second = await api('POST', `/orders/${order_id}/cancel`, { reason: 'r' }, { 'Idempotency-Key': 'x-1' });
    expect(second).toMatchObject({ status: 400, body: { error_code: 'INVALID_TRANSITION' } });
    expect(replayed(second)).toBe(false);
  });
});

describe('CartPilot fake as measured: approve and confirm', () => {
  it('approve does not ask the merchant again; confirm does, with a REAPPROVAL_REQUIRED that carries no details', async () => {
    const id = await checkout(X1, 'headphones', 'merchant-a');
    await api('POST', `/checkouts/${id}/quote`, { items: X1 });
    await api('POST', `/checkouts/${id}/request-approval`);
    fake.setPrice(P.headphonesX1, 'var-x1-black', 6999);
    expect((await api('POST', `/checkouts/${id}/approve`, { approved_by: 'ada' })).body.status).toBe('approved');
    const conf = await api('POST', `/checkouts/${id}/confirm`, {}, { 'X-Request-ID': 'rid-c' });
    expect(conf.status).toBe(409);
    expect(conf.body).toEqual({ error_code: 'REAPPROVAL_REQUIRED', message: expect.any(String), details: [], request_id: 'rid-c' });
    expect(fake.confirmCalls()).toBe(0);
  });

  it('answers a re-confirm under another key with the stored result and order_id null', async () => {
    const c = await approvedX1();
    const first = await api('POST', `/checkouts/${c.id}/confirm`, { payment_method: 'test_card' }, { 'Idempotency-Key': 'k-1' });
    expect(first.body.order_id).toMatch(/^ord_/);
    const other = await api('POST', `/checkouts/${c.id}/confirm`, { payment_method: 'test_card' }, { 'Idempotency-Key': 'k-2' });
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ ...first.body, order_id: null });
    expect(fake.confirmCalls()).toBe(1);
  });
});

describe('CartPilot fake as measured: merchant events', () => {
  it('sends order.created/shipped/delivered naming the order by merchant_order_id, never CartPilot’s id', async () => {
    const c = await approvedX1();
    const confirmed = (await api('POST', `/checkouts/${c.id}/confirm`, {})).body;
    const merchantCheckout = (await api('GET', `/checkouts/${c.id}`)).body.merchant_checkout_id;
    fake.advanceOrder(confirmed.order_id, 'shipped', { tracking_number: 'TRK-7', carrier: 'DHL' });
    const created = WebhookEventSchema.parse(fake.makeOrderEvent(confirmed.order_id, 'order.created'));
    expect(created.data).toMatchObject({ merchant_order_id: confirmed.merchant_order_id, checkout_id: merchantCheckout, total: 17318, currency: 'USD' });
    const shipped = fake.makeOrderEvent(confirmed.order_id, 'order.shipped');
    expect(OrderEventDataSchema.parse(shipped.data)).toMatchObject({
      merchant_order_id: confirmed.merchant_order_id,
      tracking_number: 'TRK-7',
      carrier: 'DHL',
    });
    const delivered = fake.makeOrderEvent(confirmed.order_id, 'order.delivered');
    for (const e of [created, shipped, delivered]) {
      expect(e.ucp_version).toBeTruthy();
      expect(JSON.stringify(e)).not.toContain(confirmed.order_id);
    }
  });

  it('signs with the agentic-commerce scheme t=<unix>,v1=<hex> over "<t>.<raw body>" too', () => {
    const event = fake.makeMerchantEvent('merchant-b', 'stock.changed', { product_id: P.trailShoes, quantity: 3 });
    const raw = JSON.stringify(event);
    const headers = fake.signWebhook('whsec', event, { scheme: 'v1', timestamp: 1_700_000_000 });
    const mac = createHmac('sha256', 'whsec').update(`1700000000.${raw}`).digest('hex');
    expect(headers['X-Merchant-Signature']).toBe(`t=1700000000,v1=${mac}`);
    expect(headers['X-Merchant-Id']).toBe('merchant-b');
  });
});
