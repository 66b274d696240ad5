import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CheckoutsStore } from '../../shared/commerce/checkouts-store';
import { ConfirmationsStore } from '../../shared/commerce/confirmations-store';
import { ApprovalsStore } from '../../shared/commerce/purchase-approvals-store';
import { SpendingStore } from '../../shared/commerce/spending-store';
import { CartPilotClient } from '../../shared/providers/cartpilot/client';
import { CallLog } from '../support/call-log';
import { startHarness, type Harness } from '../support/harness';
import { shopper, type Shopper, X1_BLACK_X2 } from '../support/shopping';

// Shopping steps read what needs nothing from each other together (on a cold instance each read
// is a Firestore round trip), and still judge each only once what it depends on is known:
// - create_checkout: the spending policy and earlier checkouts of the offer, while CartPilot is
//   asked for the offer (both judged once the offer is known to be the caller's);
// - request_approval: the spending policy, alongside the caller's checkout;
// - confirm_checkout: the earlier result and the approval, both named by the checkout.

let h: Harness;
const calls = new CallLog();
beforeAll(async () => {
  h = await startHarness();
  calls.observe(SpendingStore.prototype, 'getPolicy', 'policy');
  calls.observe(CheckoutsStore.prototype, 'byOffer', 'checkouts');
  calls.observe(CheckoutsStore.prototype, 'getOwned', 'checkout');
  calls.observe(ApprovalsStore.prototype, 'get', 'approval');
  calls.observe(ConfirmationsStore.prototype, 'result', 'result');
  calls.observe(CartPilotClient.prototype, 'get' as keyof CartPilotClient, (args) => (String(args[0]).startsWith('/offers/') ? 'offer' : undefined));
}, 60_000);
afterAll(async () => h?.close());
beforeEach(() => calls.clear());

async function ok(who: Shopper, fn: string, body: unknown, status = 200) {
  const res = await who.call(fn, body);
  expect(res.status, `${fn}: ${res.text}`).toBe(status);
  return res.json.data;
}

describe('shopping reads', () => {
  it('create_checkout reads the policy and the earlier checkouts while the offer is fetched', async () => {
    const ana = shopper(h, 'ana');
    const intent = await ok(ana, 'create-intent', { query: 'wireless headphones' }, 201);
    const offers = await ok(ana, 'get-intent-offers', { intent_id: intent.intent_id });
    calls.clear();
    const created = await ok(ana, 'create-checkout', { offer_id: offers.offers[0].offer_id, items: X1_BLACK_X2 }, 201);
    expect(created).toMatchObject({ created: true, status: 'created' });
    expect(calls.startedBefore('offer')).toEqual(['checkouts:start', 'offer:start', 'policy:start']);
  });

  it('create_checkout still refuses an offer of someone else’s search, whatever it read alongside', async () => {
    const ana = shopper(h, 'ana');
    const intent = await ok(ana, 'create-intent', { query: 'wireless headphones' }, 201);
    const offers = await ok(ana, 'get-intent-offers', { intent_id: intent.intent_id });
    const res = await shopper(h, 'bo').call('create-checkout', { offer_id: offers.offers[0].offer_id, items: X1_BLACK_X2 });
    expect(res.status, res.text).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });

  it('request_approval reads the policy alongside the checkout, and confirm_checkout the result alongside the approval', async () => {
    const ana = shopper(h, 'ana');
    const checkoutId = await ana.checkout();
    await ok(ana, 'quote-checkout', { checkout_id: checkoutId });
    calls.clear();
    const approval = await ok(ana, 'request-approval', { checkout_id: checkoutId }, 201);
    expect(calls.startedBefore('checkout')).toEqual(['checkout:start', 'policy:start']);
    await ok(ana, 'approve-checkout', { approval_id: approval.approval_id });
    calls.clear();
    const confirmed = await ok(ana, 'confirm-checkout', { checkout_id: checkoutId });
    expect(confirmed.order_id).toEqual(expect.any(String));
    expect(calls.startedBefore('result')).toEqual(expect.arrayContaining(['approval:start', 'result:start']));
  });
});
