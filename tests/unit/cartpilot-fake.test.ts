// The CartPilot fake against the behaviour CartPilot's contract and notes describe, driven with
// plain fetch the way the production client will be. What was measured against the real server
// where the notes were wrong or silent: cartpilot-fake-measured.test.ts.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CheckoutSchema,
  ConfirmResultSchema,
  ErrorBodySchema,
  frozenReceiptHash,
  IntentSchema,
  OffersListSchema,
  OrderSchema,
  OrdersListSchema,
  ValidationErrorBodySchema,
  WebhookEventSchema,
  type Checkout,
  type Offer,
} from '../../shared/providers/cartpilot/schemas';
import { CATALOG_IDS, startCartPilotFake, type CartPilotFake } from '../../sandbox/cartpilot';

const API_KEY = 'cp_test_key';
const P = CATALOG_IDS.products;

let fake: CartPilotFake;
let now: Date;

beforeEach(async () => {
  now = new Date('2026-03-01T12:00:00.000Z');
  fake = await startCartPilotFake({ apiKey: API_KEY, clock: () => now });
});
afterEach(async () => {
  await fake.close();
});

const advance = (ms: number) => void (now = new Date(now.getTime() + ms));

interface Res {
  status: number;
  headers: Headers;
  body: any;
}

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const res = await fetch(fake.url + path, {
    method,
    headers: { Authorization: `Bearer ${API_KEY}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

async function offerFor(query: string, merchantId: string): Promise<Offer> {
  const intent = await api('POST', '/intents', { query });
  const offers = OffersListSchema.parse((await api('GET', `/intents/${intent.body.id}/offers`)).body);
  const offer = offers.items.find((o) => o.merchant_id === merchantId);
  if (!offer) throw new Error(`no offer from ${merchantId}`);
  return offer;
}

const X1_BLACK_X2 = [{ product_id: P.headphonesX1, variant_id: 'var-x1-black', quantity: 2 }];

async function quoted(items = X1_BLACK_X2, merchant = 'merchant-a', query = 'wireless headphones'): Promise<Checkout> {
  const offer = await offerFor(query, merchant);
  const created = await api('POST', '/checkouts', { offer_id: offer.id, items });
  expect(created.status).toBe(201);
  const q = await api('POST', `/checkouts/${created.body.id}/quote`, { items, customer_email: 'ada@example.com' });
  expect(q.status).toBe(200);
  return CheckoutSchema.parse(q.body);
}

async function approved(): Promise<Checkout> {
  const c = await quoted();
  expect((await api('POST', `/checkouts/${c.id}/request-approval`)).status).toBe(200);
  const a = await api('POST', `/checkouts/${c.id}/approve`, { approved_by: 'ada' });
  expect(a.status).toBe(200);
  return CheckoutSchema.parse(a.body);
}

describe('CartPilot fake: happy path', () => {
  it('intent → offers → checkout → quote → approval → confirm → order → delivered', async () => {
    const intent = await api('POST', '/intents', { query: 'wireless headphones under $100', session_id: 's-1' });
    expect(intent.status).toBe(201);
    expect(IntentSchema.parse(intent.body).offers_collected).toBe(false);

    const list = await api('GET', `/intents/${intent.body.id}/offers`);
    const offers = OffersListSchema.parse(list.body);
    expect(offers.items.map((o) => o.merchant_id)).toEqual(['merchant-a', 'merchant-b']);
    const offer = offers.items[0]!;
    expect(offer.items.find((i) => i.variant_id === 'var-x1-black')?.price).toEqual({ amount: 7999, currency: 'USD' });
    expect(Date.parse(offer.expires_at!) - now.getTime()).toBe(60 * 60 * 1000);
    expect((await api('GET', `/intents/${intent.body.id}`)).body).toMatchObject({ offers_collected: true, offer_count: 2 });
    expect((await api('GET', `/offers/${offer.id}`)).body).toMatchObject({ id: offer.id, is_expired: false });

    const created = CheckoutSchema.parse((await api('POST', '/checkouts', { offer_id: offer.id, items: X1_BLACK_X2 })).body);
    expect(created).toMatchObject({ status: 'created', items: [], total: null, merchant_id: 'merchant-a' });

    const q = CheckoutSchema.parse((await api('POST', `/checkouts/${created.id}/quote`, { items: X1_BLACK_X2 })).body);
    // 2 × 79.99 = 159.98; 8.25 % tax = 13.20 (half-up); free shipping over 50.00.
    expect(q).toMatchObject({
      status: 'quoted',
      subtotal: { amount: 15998 },
      tax: { amount: 1320 },
      shipping: { amount: 0 },
      total: { amount: 17318, currency: 'USD' },
    });
    expect(q.items[0]).toMatchObject({ sku: 'ACME-X1-BLK', unit_price: { amount: 7999 }, line_total: { amount: 15998 } });

    const ra = CheckoutSchema.parse((await api('POST', `/checkouts/${created.id}/request-approval`)).body);
    expect(ra.status).toBe('awaiting_approval');
    const receipt = ra.frozen_receipt!;
    expect(receipt).toMatchObject({ total_cents: 17318, currency: 'USD', subtotal_cents: 15998 });
    expect(receipt.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(receipt.hash).toBe(frozenReceiptHash(receipt));

    const ap = CheckoutSchema.parse((await api('POST', `/checkouts/${created.id}/approve`, { approved_by: 'ada' })).body);
    expect(ap).toMatchObject({ status: 'approved', approved_by: 'ada' });

    const conf = await api('POST', `/checkouts/${created.id}/confirm`, { payment_method: 'test_card' });
    expect(conf.status).toBe(200);
    const result = ConfirmResultSchema.parse(conf.body);
    expect(result).toMatchObject({ checkout_id: created.id, status: 'confirmed', total: { amount: 17318, currency: 'USD' } });
    expect(fake.confirmCalls()).toBe(1);

    const order = OrderSchema.parse((await api('GET', `/orders/${result.order_id}`)).body);
    expect(order).toMatchObject({ status: 'pending', checkout_id: created.id, merchant_order_id: result.merchant_order_id });
    fake.advanceOrder(order.id, 'delivered', { tracking_number: 'TRK123', carrier: 'DHL' });
    const delivered = OrderSchema.parse((await api('GET', `/orders/${order.id}`)).body);
    expect(delivered).toMatchObject({ status: 'delivered', tracking_number: 'TRK123', carrier: 'DHL' });
    expect(delivered.status_history.map((h) => h.to_status)).toEqual(['pending', 'confirmed', 'shipped', 'delivered']);

    const orders = OrdersListSchema.parse((await api('GET', '/orders?status=delivered')).body);
    expect(orders.items.map((o) => o.id)).toEqual([order.id]);
    // Stock was taken: 25 − 2.
    const again = await offerFor('headphones', 'merchant-a');
    expect(again.items.find((i) => i.variant_id === 'var-x1-black')?.quantity_available).toBe(23);
  });

  it('checks the API key and echoes X-Request-ID', async () => {
    const none = await fetch(`${fake.url}/intents/x`, { headers: { 'X-Request-ID': 'rid-1' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('x-request-id')).toBe('rid-1');
    expect(ErrorBodySchema.parse(await none.json())).toMatchObject({ error_code: 'UNAUTHORIZED', request_id: 'rid-1' });
    const wrong = await api('GET', '/intents/x', undefined, { Authorization: 'Bearer nope' });
    expect(wrong.body.error_code).toBe('INVALID_API_KEY');
    const missing = await api('GET', '/intents/nope');
    expect(missing).toMatchObject({ status: 404, body: { error_code: 'INTENT_NOT_FOUND' } });
    expect(missing.headers.get('x-request-id')).toBeTruthy();
    expect((await fetch(`${fake.url}/health`)).status).toBe(200);
  });
});

describe('CartPilot fake: idempotency', () => {
  it('replays a create under the same Idempotency-Key and rejects a different body', async () => {
    const offer = await offerFor('headphones', 'merchant-a');
    const body = { offer_id: offer.id, items: X1_BLACK_X2 };
    const first = await api('POST', '/checkouts', body, { 'Idempotency-Key': 'k-create' });
    expect(first.headers.get('x-idempotent-replayed')).toBeNull();
    const second = await api('POST', '/checkouts', { items: X1_BLACK_X2, offer_id: offer.id }, { 'Idempotency-Key': 'k-create' });
    expect(second.status).toBe(201);
    expect(second.headers.get('x-idempotent-replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);

    const other = await api('POST', '/checkouts', { ...body, items: [{ ...X1_BLACK_X2[0], quantity: 1 }] }, { 'Idempotency-Key': 'k-create' });
    expect(other.status).toBe(409);
    expect(other.body.error_code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('returns the checkout already created under a body idempotency_key', async () => {
    const offer = await offerFor('headphones', 'merchant-a');
    const a = await api('POST', '/checkouts', { offer_id: offer.id, items: X1_BLACK_X2, idempotency_key: 'bk-1' });
    const b = await api('POST', '/checkouts', { offer_id: offer.id, items: X1_BLACK_X2, idempotency_key: 'bk-1' });
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
  });

  it('replays a confirm and never charges twice', async () => {
    const c = await approved();
    const first = await api('POST', `/checkouts/${c.id}/confirm`, { payment_method: 'test_card' }, { 'Idempotency-Key': 'k-confirm' });
    const replay = await api('POST', `/checkouts/${c.id}/confirm`, { payment_method: 'test_card' }, { 'Idempotency-Key': 'k-confirm' });
    expect(replay.headers.get('x-idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    // Without the header, a confirmed checkout answers with its stored result, minus the order id.
    const plain = await api('POST', `/checkouts/${c.id}/confirm`, {});
    expect(plain.status).toBe(200);
    expect(plain.headers.get('x-idempotent-replayed')).toBeNull();
    expect(plain.body).toEqual({ ...first.body, order_id: null });
    expect(fake.confirmCalls()).toBe(1);
  });

  it('survives a lost confirm response: the retry with the same key returns the same order', async () => {
    const c = await approved();
    fake.inject({ match: { method: 'POST', path: /\/confirm$/ }, status: 0, afterHandler: true });
    const send = () => api('POST', `/checkouts/${c.id}/confirm`, { payment_method: 'test_card', idempotency_key: 'pay-1' }, { 'Idempotency-Key': 'pay-1' });
    await expect(send()).rejects.toThrow();
    expect(fake.confirmCalls()).toBe(1); // the merchant did execute

    const retry = await send();
    expect(retry.status).toBe(200);
    expect(retry.headers.get('x-idempotent-replayed')).toBe('true');
    const orders = OrdersListSchema.parse((await api('GET', '/orders')).body);
    expect(orders.total).toBe(1);
    expect(retry.body.order_id).toBe(orders.items[0]!.id);
    expect(fake.confirmCalls()).toBe(1);
  });

  it('injects transient errors before the handler, a limited number of times, and records requests', async () => {
    fake.inject({ match: { method: 'GET', path: '/orders' }, status: 503, times: 2, delayMs: 20 });
    const a = await api('GET', '/orders', undefined, { 'X-Request-ID': 'rid-503' });
    expect(a).toMatchObject({ status: 503, body: { error_code: 'SERVICE_UNAVAILABLE', request_id: 'rid-503' } });
    expect((await api('GET', '/orders')).status).toBe(503);
    expect((await api('GET', '/orders')).status).toBe(200);
    expect(fake.requests.filter((r) => r.path === '/orders')).toHaveLength(3);
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('can replace a processed response with an error (502 after the merchant executed)', async () => {
    const c = await approved();
    fake.inject({ match: { path: `/checkouts/${c.id}/confirm` }, status: 502, afterHandler: true });
    const lost = await api('POST', `/checkouts/${c.id}/confirm`, {}, { 'Idempotency-Key': 'pay-2' });
    expect(lost.status).toBe(502);
    const retry = await api('POST', `/checkouts/${c.id}/confirm`, {}, { 'Idempotency-Key': 'pay-2' });
    expect(retry.status).toBe(200);
    expect(fake.confirmCalls()).toBe(1);
  });
});

describe('CartPilot fake: price changes and re-approval', () => {
  it('a re-quote with a new total sends the checkout back to quoted; approve then fails', async () => {
    const c = await quoted();
    const ra = CheckoutSchema.parse((await api('POST', `/checkouts/${c.id}/request-approval`)).body);
    fake.setPrice(P.headphonesX1, 'var-x1-black', 8999);
    const rq = CheckoutSchema.parse((await api('POST', `/checkouts/${c.id}/quote`, { items: X1_BLACK_X2 })).body);
    expect(rq).toMatchObject({ status: 'quoted', frozen_receipt: null });
    expect(rq.total!.amount).not.toBe(ra.frozen_receipt!.total_cents);
    const ap = await api('POST', `/checkouts/${c.id}/approve`, { approved_by: 'ada' });
    expect(ap.status).toBe(400);
    expect(ap.body.error_code).toBe('APPROVAL_FAILED');
    // Freezing again gives a receipt (and hash) for the new price, which can be approved.
    const again = CheckoutSchema.parse((await api('POST', `/checkouts/${c.id}/request-approval`)).body);
    expect(again.frozen_receipt!.hash).not.toBe(ra.frozen_receipt!.hash);
    expect((await api('POST', `/checkouts/${c.id}/approve`, {})).status).toBe(200);
  });

  it('a re-quote at the same total keeps the approval', async () => {
    const c = await approved();
    const rq = await api('POST', `/checkouts/${c.id}/quote`, { items: X1_BLACK_X2 });
    expect(rq.body.status).toBe('approved');
  });

  it('confirm after a price change → 409 REAPPROVAL_REQUIRED and nothing is bought', async () => {
    const c = await approved();
    fake.setPrice(P.headphonesX1, null, 9999);
    const conf = await api('POST', `/checkouts/${c.id}/confirm`, { payment_method: 'test_card' });
    expect(conf.status).toBe(409);
    expect(conf.body).toEqual({ error_code: 'REAPPROVAL_REQUIRED', message: expect.any(String), details: [], request_id: expect.any(String) });
    expect(fake.confirmCalls()).toBe(0);
  });
});

describe('CartPilot fake: refusals', () => {
  it('refuses out-of-stock lines at quote time', async () => {
    const shoes = [{ product_id: P.trailShoes, variant_id: 'var-shoe-10', quantity: 1 }];
    const offer = await offerFor('running shoes', 'merchant-b');
    const c = await api('POST', '/checkouts', { offer_id: offer.id, items: shoes });
    const q = await api('POST', `/checkouts/${c.body.id}/quote`, { items: shoes });
    expect(q.status).toBe(409);
    expect(q.body.error_code).toBe('MERCHANT_ERROR');
    expect(q.body.details[0].field).toBe('items[0].quantity');
    fake.setStock(P.trailShoes, 'var-shoe-10', 3);
    expect((await api('POST', `/checkouts/${c.body.id}/quote`, { items: shoes })).body.status).toBe('quoted');
  });

  it('answers contract violations with FastAPI 422s', async () => {
    const missing = await api('POST', '/checkouts', { items: [{ product_id: 'p', quantity: 0 }] });
    expect(missing.status).toBe(422);
    const detail = ValidationErrorBodySchema.parse(missing.body).detail;
    expect(detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'missing', loc: ['body', 'offer_id'] }),
        expect.objectContaining({ type: 'greater_than_equal', loc: ['body', 'items', 0, 'quantity'] }),
      ]),
    );
    expect((await api('POST', '/intents', { query: '' })).body.detail[0].type).toBe('string_too_short');
    expect((await api('POST', '/intents', { query: 42 })).body.detail[0].type).toBe('string_type');
    expect((await api('POST', '/intents', '{nope')).body.detail[0].type).toBe('json_invalid');
    const c = await quoted();
    expect((await api('POST', `/checkouts/${c.id}/approve`)).body.detail[0]).toMatchObject({ type: 'missing', loc: ['body'] });
    expect((await api('GET', '/orders?page=0')).body.detail[0]).toMatchObject({ type: 'greater_than_equal', loc: ['query', 'page'] });
    expect((await api('GET', '/orders?page_size=abc')).body.detail[0].type).toBe('int_parsing');
    expect((await api('GET', '/orders?status=lost')).body.detail[0].type).toBe('enum');
  });

  it('enforces the checkout state machine and expiry', async () => {
    const c = await quoted();
    expect((await api('POST', `/checkouts/${c.id}/confirm`, {})).body.error_code).toBe('NOT_APPROVED');
    expect((await api('POST', `/checkouts/${c.id}/approve`, {})).body.error_code).toBe('APPROVAL_FAILED');
    advance(24 * 60 * 60 * 1000 + 1);
    const late = await api('POST', `/checkouts/${c.id}/request-approval`);
    expect(late).toMatchObject({ status: 400, body: { error_code: 'CHECKOUT_EXPIRED' } });
  });

  it('expires offers after an hour', async () => {
    const offer = await offerFor('coffee', 'merchant-c');
    expect(offer.items[0]!.price.currency).toBe('EUR');
    advance(60 * 60 * 1000 + 1);
    expect((await api('GET', `/offers/${offer.id}`)).body.is_expired).toBe(true);
    const c = await api('POST', '/checkouts', { offer_id: offer.id, items: [{ product_id: P.coffeeGrinder, quantity: 1 }] });
    expect(c).toMatchObject({ status: 400, body: { error_code: 'OFFER_EXPIRED' } });
  });

  it('paginates offers', async () => {
    const intent = await api('POST', '/intents', { query: 'headphones' });
    const p1 = OffersListSchema.parse((await api('GET', `/intents/${intent.body.id}/offers?page=1&page_size=1`)).body);
    expect(p1).toMatchObject({ total: 2, page: 1, page_size: 1, has_more: true });
    const p2 = OffersListSchema.parse((await api('GET', `/intents/${intent.body.id}/offers?page=2&page_size=1`)).body);
    expect(p2.has_more).toBe(false);
    expect(p2.items[0]!.id).not.toBe(p1.items[0]!.id);
  });
});

describe('CartPilot fake: orders and merchant webhooks', () => {
  it('cancels before delivery only, and refunds', async () => {
    const c = await approved();
    const { order_id } = (await api('POST', `/checkouts/${c.id}/confirm`, {})).body;
    const cancelled = await api('POST', `/orders/${order_id}/cancel`, { reason: 'changed mind' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelled_reason: 'changed mind', cancelled_by: 'customer' });
    const refunded = OrderSchema.parse((await api('POST', `/orders/${order_id}/refund`, { refund_amount_cents: 1000, reason: 'r' })).body);
    expect(refunded).toMatchObject({ status: 'refunded', refund_amount: { amount: 1000, currency: 'USD' } });
    expect((await api('POST', `/orders/${order_id}/cancel`, { reason: 'x' })).body.error_code).toBe('INVALID_TRANSITION');
  });

  it('signs merchant webhook events with HMAC-SHA256 over the raw body', async () => {
    const c = await approved();
    const { order_id, merchant_order_id } = (await api('POST', `/checkouts/${c.id}/confirm`, {})).body;
    fake.advanceOrder(order_id, 'shipped');
    const event = WebhookEventSchema.parse(fake.makeOrderEvent(order_id, 'order.shipped'));
    expect(event).toMatchObject({ event_type: 'order.shipped', merchant_id: 'merchant-a', data: { merchant_order_id, carrier: 'UPS' } });
    const raw = JSON.stringify(event);
    const headers = fake.signWebhook('whsec', event);
    expect(headers['X-Merchant-Signature']).toBe(`sha256=${createHmac('sha256', 'whsec').update(raw).digest('hex')}`);
    expect(headers).toMatchObject({ 'X-Merchant-Id': 'merchant-a', 'X-Event-Id': event.event_id });
  });
});
