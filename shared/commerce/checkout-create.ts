import { AppError } from '../errors';
import { upstreamKey } from '../providers/cartpilot/idempotency-keys';
import type { CheckoutStatus } from '../providers/cartpilot/schemas';
import { canonicalJson } from '../store/idempotency';
import type { CheckoutRecord } from './commerce-records';
import type { Commerce } from './deps';
import { ownedOffer } from './intent-flow';
import { quoteOf } from './receipt';
import { assertMerchantAllowed } from './spending-policy';

// create_checkout: at most one OPEN checkout per (user, offer, items). Repeating the call — a
// retry, or the assistant asking twice — returns that checkout. Once it is finished (confirmed,
// cancelled, failed), the same call opens a new one: its CartPilot Idempotency-Key carries how
// many finished ones precede it, so it is a new operation, while a retry of it (same count)
// still computes the same key and CartPilot replays the checkout instead of opening two.

export interface ItemInput {
  product_id: string;
  variant_id?: string;
  quantity: number;
}

const FINISHED: ReadonlySet<CheckoutStatus> = new Set(['confirmed', 'cancelled', 'failed']);

export async function createCheckout(cm: Commerce, uid: string, offerId: string, items: readonly ItemInput[]) {
  // The person's policy and their checkouts of this offer are read while CartPilot is asked for
  // the offer: neither needs it, and each is a round trip of its own. Both are used only once the
  // offer is known to be theirs.
  const policy = cm.spending.getPolicy(uid);
  const earlier = cm.checkouts.byOffer(uid, offerId);
  for (const read of [policy, earlier]) read.catch(() => undefined); // reported below, if still needed
  const offer = await ownedOffer(cm, uid, offerId);
  assertItemsInOffer(offerId, offer.items, items);
  // Only the merchant rule can be judged before there is a price; the rest waits for a quote.
  assertMerchantAllowed(await policy, offer.merchant_id);
  const wireItems = items.map((i) => ({ product_id: i.product_id, variant_id: i.variant_id ?? null, quantity: i.quantity }));
  const itemsKey = canonicalJson(wireItems);
  const same = (await earlier).filter((r) => r.createdItemsKey === itemsKey);
  const open = same.find((r) => !FINISHED.has(r.status));
  if (open) return { record: open, created: false };
  const key = upstreamKey(uid, 'checkout', offerId, itemsKey, String(same.length));
  const cp = await cm.api.createCheckout({ offer_id: offerId, items: wireItems, idempotency_key: key }, key);
  const now = cm.clock.now().toISOString();
  const rec: CheckoutRecord = {
    uid,
    checkoutId: cp.id,
    intentId: offer.intent_id,
    offerId,
    merchantId: cp.merchant_id,
    createdItemsKey: itemsKey,
    status: cp.status,
    requestedItems: wireItems.map((i) => ({ productId: i.product_id, variantId: i.variant_id, quantity: i.quantity })),
    quote: quoteOf(cp),
    quoteSeq: 0,
    keyEpoch: 0,
    receipt: null,
    approvalId: null,
    requoteRequired: false,
    customerEmail: null,
    orderId: null,
    merchantOrderId: null,
    confirmedAt: null,
    expiresAt: cp.expires_at ?? null,
    createdAt: now,
    updatedAt: now,
  };
  return cm.checkouts.create(rec, { actor: uid, action: 'checkout_created', from: null, to: cp.status, details: { offer_id: offerId } });
}

/** Refuses, before any upstream write, items the offer does not list. */
function assertItemsInOffer(offerId: string, offered: ReadonlyArray<{ product_id: string; variant_id?: string | null }>, items: readonly ItemInput[]): void {
  const listed = (i: ItemInput) => offered.some((o) => o.product_id === i.product_id && (i.variant_id === undefined || o.variant_id === i.variant_id));
  const missing = items.filter((i) => !listed(i));
  if (missing.length === 0) return;
  throw new AppError('invalid_input', `Offer ${offerId} does not include ${missing.map((m) => m.variant_id ?? m.product_id).join(', ')}.`, {
    details: { issues: missing.map((m) => ({ path: ['items'], message: `not in the offer: ${m.product_id}${m.variant_id ? `/${m.variant_id}` : ''}` })) },
  });
}
