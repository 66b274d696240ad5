import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { sendOrderEvent, shopper, signedHeaders, warmUp } from '../support/shopping';

// Multi-step scenarios over HTTP and the emulator: generous when the machine is busy.
const SLOW = { timeout: 60_000 };

// The merchant-webhook function: signatures over the raw body, merchant id checks, duplicates
// processed once, and out-of-order events reconciled from CartPilot's authoritative order.

let h: Harness;
let orderId: string;
beforeAll(async () => {
  h = await startHarness();
  await warmUp(h);
  orderId = (await shopper(h, 'ana').bought()).orderId;
});
afterAll(async () => h?.close());

const post = (raw: string, headers: Record<string, string>) => h.call('merchant-webhook', undefined, { rawBody: raw, headers });
const history = async () => {
  const { OrdersStore } = await import('../../shared/commerce/orders-store');
  return new OrdersStore(() => h.runtime.stores.db()).history('ana', orderId);
};

describe('merchant-webhook authentication', SLOW, () => {
  it('refuses unsigned, forged and re-serialised events with 401 and merchant mismatches with 400', async () => {
    const event = h.cartpilot.makeOrderEvent(orderId, 'order.created');
    const raw = JSON.stringify(event);
    const good = signedHeaders(h, raw);
    const { 'X-Merchant-Signature': _sig, ...unsigned } = good;
    expect((await post(raw, unsigned)).status).toBe(401);
    expect((await post(raw, { ...good, 'X-Merchant-Signature': `sha256=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await post(raw, signedHeaders(h, raw, 'wrong-secret'))).status).toBe(401);
    expect((await post(raw, { ...good, 'X-Merchant-Signature': createHmac('sha256', h.merchantWebhookSecret).update(raw).digest('hex') })).status).toBe(401);
    // Same JSON, other bytes: the signature covers the raw body, not its meaning.
    expect((await post(JSON.stringify(event, null, 2), good)).status).toBe(401);
    const mismatch = await post(raw, { ...good, 'X-Merchant-Id': 'merchant-b' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.error.code).toBe('invalid_input');
    const broken = '{"event_id": ';
    expect((await post(broken, signedHeaders(h, broken))).status).toBe(400);
    const stranger = { ...event, data: { ...event.data, merchant_order_id: 'MO-merchant-a_999999' } };
    expect((await post(JSON.stringify(stranger), signedHeaders(h, JSON.stringify(stranger)))).status).toBe(404);
    expect((await h.call('merchant-webhook', undefined, { method: 'GET' })).status).toBe(405);
    // Nothing but the purchase's own initial sync.
    expect((await history()).map((e) => e.observedBy)).toEqual(['ana']);
  });
});

describe('merchant-webhook processing', SLOW, () => {
  it('processes a duplicate event once', async () => {
    h.cartpilot.advanceOrder(orderId, 'confirmed');
    const first = await sendOrderEvent(h, orderId, 'order.created');
    expect(first.res.json.data).toMatchObject({ duplicate: false, status: 'confirmed' });
    const reads = h.cartpilot.requests.filter((r) => r.path === `/orders/${orderId}`).length;
    const again = await post(first.raw, signedHeaders(h, first.raw));
    expect(again.status).toBe(200);
    expect(again.json.data).toMatchObject({ duplicate: true, order_id: orderId });
    expect(h.cartpilot.requests.filter((r) => r.path === `/orders/${orderId}`).length).toBe(reads);
    expect((await history()).map((e) => e.to)).toEqual(['pending', 'confirmed']);
  });

  it('reconciles out-of-order events from the authoritative order: a late "shipped" never undoes "delivered"', async () => {
    h.cartpilot.advanceOrder(orderId, 'shipped', { tracking_number: 'TRK-9', carrier: 'UPS' });
    const shipped = h.cartpilot.makeOrderEvent(orderId, 'order.shipped');
    h.cartpilot.advanceOrder(orderId, 'delivered');
    const delivered = await sendOrderEvent(h, orderId, 'order.delivered');
    expect(delivered.res.json.data.status).toBe('delivered');
    const rawShipped = JSON.stringify(shipped);
    const late = await post(rawShipped, signedHeaders(h, rawShipped));
    expect(late.json.data).toMatchObject({ duplicate: false, status: 'delivered' });
    const order = await shopper(h, 'ana').call('get-order-status', { order_id: orderId });
    expect(order.json.data).toMatchObject({ status: 'delivered', tracking_number: 'TRK-9', carrier: 'UPS' });
    expect((await history()).map((e) => e.to)).toEqual(['pending', 'confirmed', 'shipped', 'delivered']);
  });
});
