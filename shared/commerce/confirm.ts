import { AppError } from '../errors';
import type { ApprovalRecord, CheckoutRecord } from './commerce-records';
import type { Confirmed } from './confirmations-store';
import { checkoutKey } from './checkout-keys';
import type { Commerce } from './deps';
import { confirmedView, runConfirm } from './confirm-run';
import { bindsCheckout, reapprovalRequired } from './receipt';

// confirm_checkout: the purchase. It runs only for a checkout whose current receipt the user
// approved, and at most once per approved receipt, whatever the concurrency:
//   * ONE CartPilot Idempotency-Key per (user, checkout, approved receipt hash, key epoch): a
//     refusal (out of stock…) retires it, since CartPilot would replay that refusal for 24 h;
//   * ONE request holds the confirm claim (a create() precondition) and talks to CartPilot;
//     concurrent requests wait for its result and return the same order;
//   * an attempt whose answer was lost leaves the claim 'unknown'; the next request takes it
//     over and confirms again with the same key, so CartPilot replays the original order.

const WAIT_FOR_WINNER_MS = 20_000;

export async function confirmCheckout(cm: Commerce, uid: string, checkoutId: string) {
  const rec = await cm.checkouts.getOwned(uid, checkoutId);
  // The earlier result and the approval both follow from the checkout alone: read together.
  const approvalRead = rec.approvalId ? cm.approvals.get(rec.uid, rec.approvalId) : Promise.resolve(undefined);
  approvalRead.catch(() => undefined); // reported below, if still needed
  // Already bought: answer from the record, whatever became of the approval since.
  const done = rec.receipt ? await cm.confirmations.result(uid, checkoutId, rec.receipt.hash) : undefined;
  if (done) return confirmedView(checkoutId, done, true);
  const approval = confirmableApproval(rec, await approvalRead);
  const key = checkoutKey(rec, 'confirm', approval.receiptHash);
  // Twice at most: a waiter whose winner gave up (outcome unknown) may take over once.
  for (let round = 0; round < 2; round++) {
    const claim = await cm.confirmations.claim(uid, checkoutId, approval.receiptHash, key);
    if (claim.kind === 'done') return confirmedView(checkoutId, claim.result, true);
    if (claim.kind === 'won') return runConfirm(cm, rec, approval, claim.key);
    const result: Confirmed | undefined = await cm.confirmations.waitForResult(uid, checkoutId, approval.receiptHash, WAIT_FOR_WINNER_MS, cm.signal);
    if (result) return confirmedView(checkoutId, result, true);
  }
  throw new AppError('conflict', 'This purchase is being confirmed by another request; check get_checkout in a moment.', {
    details: { code: 'CONFIRM_IN_PROGRESS', checkout_id: checkoutId },
  });
}

/** The checkout's approval if it lets the checkout be bought, or a 409 saying what is missing. */
function confirmableApproval(rec: CheckoutRecord, approval: ApprovalRecord | undefined): ApprovalRecord {
  // 'used' is fine too: the claim for its receipt then holds the result to return again.
  const bound = approval?.status === 'approved' || approval?.status === 'used';
  if (approval && bound && rec.receipt && bindsCheckout(approval, rec.receipt.hash, rec)) return approval;
  if (approval?.status === 'void') throw reapprovalRequired(rec.checkoutId, approval);
  throw new AppError('conflict', 'The user has not approved this checkout yet: request_approval, then the user approves it.', {
    details: { code: 'APPROVAL_REQUIRED', checkout_id: rec.checkoutId, approval_status: approval?.status ?? null },
  });
}
