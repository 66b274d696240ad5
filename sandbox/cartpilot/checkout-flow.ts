// The checkout workflow's rules: which state each step needs, what it changes, and which error
// code CartPilot answers with otherwise. Routes (routes-checkouts.ts) only parse and render.
import { CHECKOUT_TTL_MS, type CheckoutCreateRequest, type CheckoutItemRequest, type ConfirmResult } from '../../shared/providers/cartpilot/schemas';
import { cpError } from './http';
import { createOrder } from './order-flow';
import { freezeReceipt, priceItems, reapprovalRequired } from './pricing';
import { canCheckoutMove, FROZEN_STATES, QUOTABLE } from './state-machine';
import type { CheckoutRec, FakeStore } from './store';

export function getCheckout(store: FakeStore, id: string): CheckoutRec {
  const c = store.checkouts.get(id);
  if (!c) throw cpError(404, 'CHECKOUT_NOT_FOUND', `Checkout not found: ${id}`);
  return c;
}

function assertNotExpired(store: FakeStore, c: CheckoutRec): void {
  if (store.nowMs() > c.expiresAtMs) throw cpError(400, 'CHECKOUT_EXPIRED', `Checkout expired: ${c.id}`);
}

/** Same body idempotency_key → the checkout created under it (CartPilot ignores the new body). */
export function createCheckout(store: FakeStore, body: CheckoutCreateRequest): CheckoutRec {
  const key = body.idempotency_key ?? null;
  const existing = key ? store.checkoutByKey.get(key) : undefined;
  if (existing) return store.checkouts.get(existing)!;
  const offer = store.offers.get(body.offer_id);
  if (!offer) throw cpError(404, 'OFFER_NOT_FOUND', `Offer not found: ${body.offer_id}`);
  if (store.nowMs() > offer.expiresAtMs) throw cpError(400, 'OFFER_EXPIRED', `Offer expired: ${body.offer_id}`);
  const now = store.nowIso();
  const expiresAtMs = store.nowMs() + CHECKOUT_TTL_MS;
  const c: CheckoutRec = {
    id: store.nextId('chk'),
    offer_id: offer.offer.id,
    merchant_id: offer.offer.merchant_id,
    status: 'created',
    requested: structuredClone(body.items),
    quote: null,
    merchant_checkout_id: null,
    customer_email: null,
    frozen: null,
    approved_by: null,
    approved_at: null,
    confirmed_at: null,
    merchant_order_id: null,
    order_id: null,
    confirm_result: null,
    failure_reason: null,
    idempotency_key: key,
    created_at: now,
    updated_at: now,
    expires_at: new Date(expiresAtMs).toISOString(),
    expiresAtMs,
    audit: [],
  };
  store.audit(c, 'checkout_created', null, 'created', { offer_id: c.offer_id, merchant_id: c.merchant_id });
  store.checkouts.set(c.id, c);
  if (key) store.checkoutByKey.set(key, c.id);
  return c;
}

/**
 * Quoting from created/quoted moves to quoted. Re-quoting while awaiting_approval/approved keeps
 * the state if the total is unchanged; a changed total drops the frozen receipt and goes back to
 * quoted (CartPilot answers 200 with the reset checkout, not a 409).
 */
export function quoteCheckout(store: FakeStore, c: CheckoutRec, items: CheckoutItemRequest[], email: string | null): void {
  if (!QUOTABLE.includes(c.status)) throw cpError(400, 'INVALID_STATE', `Cannot quote checkout in state: ${c.status}`);
  assertNotExpired(store, c);
  const q = priceItems(store.catalog, c.merchant_id, items, { checkStock: true });
  const from = c.status;
  if (FROZEN_STATES.includes(from)) {
    if (c.frozen && c.frozen.total_cents !== q.total_cents) {
      store.audit(c, 'price_changed_reapproval_required', from, 'quoted', {
        original_total_cents: c.frozen.total_cents,
        new_total_cents: q.total_cents,
      });
      c.status = 'quoted';
      c.frozen = null;
    }
  } else {
    c.status = 'quoted';
    store.audit(c, 'quote_received', from, 'quoted', { total_cents: q.total_cents });
  }
  c.quote = q;
  c.requested = structuredClone(items);
  c.merchant_checkout_id = store.nextId(`mchk_${c.merchant_id}`);
  if (email) c.customer_email = email;
  c.updated_at = store.nowIso();
}

export function requestApproval(store: FakeStore, c: CheckoutRec): void {
  assertNotExpired(store, c);
  if (!c.quote || !canCheckoutMove(c.status, 'awaiting_approval')) {
    throw cpError(400, 'APPROVAL_REQUEST_FAILED', `Invalid state transition: ${c.status} -> awaiting_approval`);
  }
  c.frozen = freezeReceipt(c.quote, store.nowIso());
  const from = c.status;
  c.status = 'awaiting_approval';
  store.audit(c, 'approval_requested', from, c.status, { frozen_receipt_hash: c.frozen.hash, total_cents: c.frozen.total_cents });
}

/**
 * At confirm CartPilot asks the merchant again (stock and price): a line out of stock is 409
 * MERCHANT_ERROR, a total other than the frozen one 409 REAPPROVAL_REQUIRED. Approve does not ask
 * the merchant; it only compares the frozen total with the checkout's own last quote.
 */
function assertMerchantStillAgrees(store: FakeStore, c: CheckoutRec): void {
  if (!c.frozen || !c.quote) return;
  const live = priceItems(store.catalog, c.merchant_id, c.requested, { checkStock: true });
  if (live.total_cents !== c.frozen.total_cents) throw reapprovalRequired();
}

export function approveCheckout(store: FakeStore, c: CheckoutRec, approvedBy: string): void {
  assertNotExpired(store, c);
  if (c.frozen && c.quote && c.frozen.total_cents !== c.quote.total_cents) throw reapprovalRequired();
  if (!canCheckoutMove(c.status, 'approved')) {
    throw cpError(400, 'APPROVAL_FAILED', `Invalid state transition: ${c.status} -> approved`);
  }
  const from = c.status;
  c.status = 'approved';
  c.approved_by = approvedBy;
  c.approved_at = store.nowIso();
  store.audit(c, 'approved', from, c.status, { total_cents: c.quote?.total_cents ?? 0 }, approvedBy);
}

/**
 * Executes the purchase once. A confirmed checkout answers with the stored result — but, as
 * measured, with `order_id: null` (only a replay under the first Idempotency-Key carries it).
 */
export function confirmCheckout(store: FakeStore, c: CheckoutRec): ConfirmResult {
  if (c.status === 'confirmed' && c.confirm_result) return { ...structuredClone(c.confirm_result), order_id: null };
  if (c.status !== 'approved') {
    throw cpError(400, 'NOT_APPROVED', `Checkout must be approved before confirmation (current: ${c.status})`);
  }
  assertNotExpired(store, c);
  if (!c.quote || !c.merchant_checkout_id) throw cpError(400, 'QUOTE_REQUIRED', 'No merchant checkout ID - quote required first');
  assertMerchantStillAgrees(store, c);
  const order = createOrder(store, c, c.quote);
  const now = store.nowIso();
  c.status = 'confirmed';
  c.confirmed_at = now;
  c.merchant_order_id = order.merchant_order_id ?? null;
  c.order_id = order.id;
  store.audit(c, 'confirmed', 'approved', 'confirmed', { merchant_order_id: c.merchant_order_id, total_cents: c.quote.total_cents });
  c.confirm_result = {
    checkout_id: c.id,
    merchant_order_id: c.merchant_order_id ?? '',
    order_id: order.id,
    status: 'confirmed',
    total: { amount: c.quote.total_cents, currency: c.quote.currency },
    confirmed_at: now,
  };
  store.confirmExecutions += 1;
  return structuredClone(c.confirm_result);
}
