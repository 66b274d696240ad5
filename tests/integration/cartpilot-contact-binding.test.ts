import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchasePreview } from '../../shared/actions/cartpilot/purchase-preview';
import { ApprovalView } from '../../shared/commerce/views';
import { startHarness, type Harness } from '../support/harness';
import { shopper, warmUp, type Shopper } from '../support/shopping';

// Finding 3: quote_checkout runs without approval (it only prepares) and takes the contact email
// the merchant sends order updates to. That email is part of what the person sees and approves:
// changing it after the approval voids it, before the new email reaches CartPilot, and nothing is
// bought with an email the person did not see.

const SLOW = { timeout: 60_000 };
let h: Harness;
let ana: Shopper;
beforeAll(async () => {
  h = await startHarness();
  await warmUp(h);
  ana = shopper(h, 'ana-contact');
});
afterAll(async () => h?.close());

const doc = async (path: string) => (await (await h.runtime.stores.db()).doc(path).get()).data();

async function approvalWithEmail(email: string) {
  const checkoutId = await ana.checkout();
  expect((await ana.call('quote-checkout', { checkout_id: checkoutId, customer_email: email })).status).toBe(200);
  const requested = await ana.call('request-approval', { checkout_id: checkoutId });
  expect(requested.status).toBe(201);
  return { checkoutId, approval: requested.json.data };
}

describe('the contact email is bound to the purchase approval', SLOW, () => {
  it('the approval and the preview the person sees name the email the merchant will write to', async () => {
    const { approval } = await approvalWithEmail('ana@example.com');
    expect(approval.customer_email).toBe('ana@example.com');
    expect(purchasePreview(ApprovalView.parse(approval)).details).toMatchObject({ order_updates_to: 'ana@example.com' });
  });

  it('a re-quote with another email voids a pending approval (409 REAPPROVAL_REQUIRED) and nothing can be bought with it', async () => {
    const { checkoutId, approval } = await approvalWithEmail('ana@example.com');
    const purchases = h.cartpilot.confirmCalls();
    const swapped = await ana.call('quote-checkout', { checkout_id: checkoutId, customer_email: 'mallory@attacker.example' });
    expect(swapped.status).toBe(409);
    expect(swapped.json.error.details).toMatchObject({
      code: 'REAPPROVAL_REQUIRED',
      reason: 'contact_changed',
      approved_customer_email: 'ana@example.com',
      new_customer_email: 'mallory@attacker.example',
    });
    expect(await doc(`users/ana-contact/approvals/${approval.approval_id}`)).toMatchObject({ status: 'void' });
    const approve = await ana.call('approve-checkout', { approval_id: approval.approval_id });
    expect(approve.status).toBe(409);
    expect((await ana.call('confirm-checkout', { checkout_id: checkoutId })).status).toBe(409);
    expect(h.cartpilot.confirmCalls()).toBe(purchases);
    // A new approval shows the new email: the person decides on what will really be sent.
    const again = await ana.call('request-approval', { checkout_id: checkoutId });
    expect(again.status, again.text).toBe(201);
    expect(again.json.data.customer_email).toBe('mallory@attacker.example');
  });

  it('after the person approved, an email change is refused at confirm: nothing bought', async () => {
    const { checkoutId, approval } = await approvalWithEmail('ana@example.com');
    expect((await ana.call('approve-checkout', { approval_id: approval.approval_id })).status).toBe(200);
    const purchases = h.cartpilot.confirmCalls();
    expect((await ana.call('quote-checkout', { checkout_id: checkoutId, customer_email: 'mallory@attacker.example' })).status).toBe(409);
    const confirm = await ana.call('confirm-checkout', { checkout_id: checkoutId });
    expect(confirm.status).toBe(409);
    expect(confirm.json.error.details).toMatchObject({ code: 'REAPPROVAL_REQUIRED' });
    expect(h.cartpilot.confirmCalls()).toBe(purchases);
  });

  it('a re-quote that keeps the email (or sends none: CartPilot keeps the last) leaves the approval good', async () => {
    const { checkoutId, approval } = await approvalWithEmail('ana@example.com');
    expect((await ana.call('quote-checkout', { checkout_id: checkoutId, customer_email: 'ana@example.com' })).status).toBe(200);
    expect((await ana.call('quote-checkout', { checkout_id: checkoutId })).status).toBe(200);
    expect((await ana.call('approve-checkout', { approval_id: approval.approval_id })).status).toBe(200);
    const confirm = await ana.call('confirm-checkout', { checkout_id: checkoutId });
    expect(confirm.status).toBe(200);
    expect(confirm.json.data.status).toBe('confirmed');
  });
});
