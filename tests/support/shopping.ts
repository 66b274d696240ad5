import { expect } from 'vitest';
import { CATALOG_IDS } from '../../sandbox/cartpilot';
import type { Harness, HarnessResponse } from './harness';

// Drives the shopping actions through the real HTTP functions as one user (dev-mode identity:
// "Bearer dev:<uid>"), plus merchant webhooks signed the way a merchant signs them.

export const X1_BLACK_X2 = [{ product_id: CATALOG_IDS.products.headphonesX1, variant_id: 'var-x1-black', quantity: 2 }];
/** 2 × 79.99 + 8.25 % tax, free shipping (see the fake's catalog). */
export const X1_BLACK_X2_TOTAL = 17318;

export interface Shopper {
  uid: string;
  call(fn: string, body: unknown, headers?: Record<string, string>): Promise<HarnessResponse>;
  /** Intent → offers → checkout for `items` at `merchant`; returns the checkout id. */
  checkout(items?: unknown[], query?: string, merchant?: string): Promise<string>;
  /** checkout() → quote → request_approval; returns both ids. */
  awaitingApproval(items?: unknown[], query?: string, merchant?: string): Promise<{ checkoutId: string; approvalId: string }>;
  /** awaitingApproval() → approve_checkout. */
  approved(items?: unknown[]): Promise<{ checkoutId: string; approvalId: string }>;
  /** approved() → confirm_checkout; returns the ids and the order id. */
  bought(items?: unknown[]): Promise<{ checkoutId: string; approvalId: string; orderId: string }>;
}

let searches = 0;

export function shopper(h: Harness, uid: string): Shopper {
  const call = (fn: string, body: unknown, headers: Record<string, string> = {}) =>
    h.call(fn, body, { headers: { authorization: `Bearer dev:${uid}`, ...headers } });
  const ok = async (fn: string, body: unknown, status = 200) => {
    const res = await call(fn, body);
    expect(res.status, `${fn}: ${res.text}`).toBe(status);
    return res.json.data;
  };
  const s: Shopper = {
    uid,
    call,
    async checkout(items = X1_BLACK_X2, query = 'wireless headphones', merchant = 'merchant-a') {
      // A distinct query per call (digits do not change what matches): a new intent, new offers
      // and so a new checkout, rather than the user's open checkout for the same offer and items.
      const intent = await ok('create-intent', { query: `${query} ${++searches}` }, 201);
      const offers = await ok('get-intent-offers', { intent_id: intent.intent_id });
      const offer = offers.offers.find((o: { merchant_id: string }) => o.merchant_id === merchant);
      const created = await ok('create-checkout', { offer_id: offer.offer_id, items }, 201);
      return created.checkout_id as string;
    },
    async awaitingApproval(items, query, merchant) {
      const checkoutId = await s.checkout(items, query, merchant);
      await ok('quote-checkout', { checkout_id: checkoutId });
      const approval = await ok('request-approval', { checkout_id: checkoutId }, 201);
      return { checkoutId, approvalId: approval.approval_id as string };
    },
    async approved(items) {
      const ids = await s.awaitingApproval(items);
      await ok('approve-checkout', { approval_id: ids.approvalId });
      return ids;
    },
    async bought(items) {
      const ids = await s.approved(items);
      const confirmed = await ok('confirm-checkout', { checkout_id: ids.checkoutId });
      return { ...ids, orderId: confirmed.order_id as string };
    },
  };
  return s;
}

/** POSTs a merchant event about `orderId`, signed with the harness's webhook secret. */
export async function sendOrderEvent(
  h: Harness,
  orderId: string,
  type: Parameters<Harness['cartpilot']['makeOrderEvent']>[1],
  extra?: Record<string, unknown>,
) {
  const event = h.cartpilot.makeOrderEvent(orderId, type, extra);
  const raw = JSON.stringify(event);
  const res = await h.call('merchant-webhook', undefined, { rawBody: raw, headers: signedHeaders(h, raw) });
  return { event, raw, res };
}

/** The merchant's headers for `raw`, minus Content-Type (h.call sets it already). */
export function signedHeaders(h: Harness, raw: string, secret = h.merchantWebhookSecret): Record<string, string> {
  const { 'Content-Type': _json, ...headers } = h.cartpilot.signWebhook(secret, raw);
  return headers;
}

/** Requests the CartPilot fake received since `from` (an index into h.cartpilot.requests). */
export function upstreamSince(h: Harness, from: number) {
  return h.cartpilot.requests.slice(from);
}

/** Pays the function host's cold start (Firestore, Secret Manager, CartPilot key) in a hook. */
export async function warmUp(h: Harness): Promise<void> {
  await Promise.all([h.call('list-orders', {}), h.call('get-offer-details', { offer_id: 'warm-up' })]);
}
