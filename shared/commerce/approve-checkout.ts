import type { Caller } from '../auth/identity';
import { AppError } from '../errors';
import { hashUserId } from '../log';
import { isCartPilotRefusal, isReapprovalRequired } from '../providers/cartpilot/errors';
import type { Checkout } from '../providers/cartpilot/schemas';
import type { ApprovalRecord, CheckoutRecord } from './commerce-records';
import { checkoutKey, retireKeys } from './checkout-keys';
import { invalidateApproval } from './checkout-sync';
import type { Commerce } from './deps';
import { requireFreshIdentity } from './fresh-identity';
import { bindsCheckout, quoteHash, quoteOf, reapprovalRequired } from './receipt';

// approve_checkout: the user's own "yes" to one frozen receipt. It needs a recent sign-in, the
// approval must be pending, unexpired and still bound to the checkout's receipt, and the amount
// must fit the spending policy and today's ledger — the last three checked and the approval
// consumed in one Firestore transaction. Only then is CartPilot told; if it refuses, the ledger
// charge is refunded (and, for a price change, the approval voided).

export async function approveCheckout(cm: Commerce, user: Caller, approvalId: string) {
  requireFreshIdentity(user, cm.clock.now());
  const uid = user.uid;
  const pending = await cm.approvals.getOwned(uid, approvalId);
  const rec = await cm.checkouts.getOwned(uid, pending.checkoutId);
  if (rec.approvalId !== approvalId || !rec.receipt || !bindsCheckout(pending, rec.receipt.hash, rec)) {
    throw new AppError('conflict', 'This approval no longer matches the checkout; request a new one.', {
      details: { code: 'APPROVAL_VOID', approval_id: approvalId },
    });
  }
  const approval = await cm.approvals.approve(uid, approvalId);
  let cp: Checkout;
  try {
    cp = await cm.api.approveCheckout(rec.checkoutId, `user:${hashUserId(uid)}`, checkoutKey(rec, 'approve', approval.receiptHash));
    assertSameReceipt(cp, approval);
  } catch (e) {
    await undo(cm, rec, approval, uid, e);
    throw e;
  }
  await cm.checkouts.update(
    rec,
    { status: cp.status },
    {
      actor: uid,
      action: 'approved',
      from: rec.status,
      to: cp.status,
      details: { approval_id: approvalId, receipt_hash: approval.receiptHash },
    },
  );
  return {
    approval_id: approvalId,
    checkout_id: rec.checkoutId,
    status: approval.status,
    receipt_hash: approval.receiptHash,
    total: { amount: approval.totalCents, currency: approval.currency },
    approved_at: approval.approvedAt ?? cm.clock.now().toISOString(),
  };
}

/** CartPilot approved — but is its receipt still the one the user saw? */
function assertSameReceipt(cp: Checkout, a: ApprovalRecord): void {
  const quote = quoteOf(cp);
  const frozen = cp.frozen_receipt?.hash.toLowerCase();
  if (frozen !== a.receiptHash || !quote || quoteHash(quote) !== a.receiptHash) throw reapprovalRequired(cp.id, a, quote);
}

async function undo(cm: Commerce, rec: CheckoutRecord, a: ApprovalRecord, uid: string, e: unknown): Promise<void> {
  if (isReapprovalRequired(e)) await invalidateApproval(cm, rec, uid, 'price_changed');
  // Anything else leaves the approval usable: the user may simply try again.
  else await cm.approvals.revert(uid, a.approvalId, 'pending', 'upstream_failed');
  // Last, after the whole-record write above: a refusal is cached under its key upstream.
  if (isCartPilotRefusal(e)) await retireKeys(cm, rec);
}
