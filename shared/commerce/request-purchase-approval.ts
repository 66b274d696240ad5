import { AppError } from '../errors';
import type { CheckoutStatus } from '../providers/cartpilot/schemas';
import { isExpired } from './purchase-approvals-store';
import type { ApprovalRecord, CheckoutRecord, Receipt } from './commerce-records';
import { checkoutKey, keyedWrite } from './checkout-keys';
import { currentApproval } from './checkout-sync';
import type { Commerce } from './deps';
import { bindsCheckout, quoteHash, verifiedReceipt } from './receipt';
import { checkSpendingPolicy } from './spending-policy';
import { approvalView } from './views';

// request_approval: CartPilot freezes the receipt; we verify its hash and record an approval that
// binds this user, this checkout, exactly that receipt (hash, total, currency) and the contact
// email the merchant holds for the order, pending for
// 15 minutes. The user — never the assistant — then approves it with approve_checkout.

export const APPROVAL_TTL_MS = 15 * 60 * 1000;

export async function requestApproval(cm: Commerce, uid: string, checkoutId: string) {
  // The person's spending policy is read alongside their checkout: it needs nothing from it.
  const policyRead = cm.spending.getPolicy(uid);
  policyRead.catch(() => undefined); // reported below, if still needed
  const rec = await cm.checkouts.getOwned(uid, checkoutId);
  if (rec.requoteRequired) {
    throw new AppError('conflict', 'The price changed after the last approval; get a new quote (quote_checkout) first.', {
      details: { code: 'REQUOTE_REQUIRED', checkout_id: checkoutId },
    });
  }
  const held = await heldApproval(cm, rec);
  if (held && rec.receipt) return approvalView(held, rec.receipt, cm.clock.now());
  const policy = await policyRead;
  // Early refusal, before freezing anything: nobody should be asked to approve what is refused.
  if (rec.quote) checkSpendingPolicy(policy, { merchantId: rec.merchantId, currency: rec.quote.currency, totalCents: rec.quote.totalCents });
  // Keyed by the quote it freezes: asking twice about one quote replays one freeze.
  // A receipt CartPilot already froze for this quote (the approval was voided for another reason,
  // e.g. a changed contact email, and the total did not move) is read, not frozen again.
  const key = checkoutKey(rec, 'request-approval', String(rec.quoteSeq));
  const cp =
    rec.status === 'awaiting_approval' ? await cm.api.getCheckout(checkoutId) : await keyedWrite(cm, rec, () => cm.api.requestApproval(checkoutId, key));
  const receipt = verifiedReceipt(cp);
  checkSpendingPolicy(policy, { merchantId: rec.merchantId, currency: receipt.currency, totalCents: receipt.totalCents });
  const approval = await bindApproval(cm, uid, checkoutId, receipt, cp.status);
  return approvalView(approval, receipt, cm.clock.now());
}

/**
 * In one transaction: reuse the checkout's approval if it already binds this receipt and is
 * still good; otherwise void it and record a new pending approval, and point the checkout at it.
 */
async function bindApproval(cm: Commerce, uid: string, checkoutId: string, receipt: Receipt, status: CheckoutStatus): Promise<ApprovalRecord> {
  const db = await cm.db();
  const now = cm.clock.now();
  return db.runTransaction(async (tx) => {
    const rec = await cm.checkouts.getInTx(tx, db, uid, checkoutId);
    const current = rec.approvalId ? await cm.approvals.getInTx(tx, db, uid, rec.approvalId) : undefined;
    if (current && bindsCheckout(current, receipt.hash, rec) && stillGood(current, now)) return current;
    if (current) await cm.approvals.revertInTx(tx, db, uid, current.approvalId, 'void', 'superseded');
    const approval: ApprovalRecord = {
      uid,
      approvalId: cm.ids.random(),
      checkoutId,
      merchantId: rec.merchantId,
      receiptHash: receipt.hash,
      totalCents: receipt.totalCents,
      currency: receipt.currency,
      customerEmail: rec.customerEmail,
      status: 'pending',
      createdAt: now.toISOString(),
      expiresAtMs: now.getTime() + APPROVAL_TTL_MS,
      approvedAt: null,
      ledgerDay: null,
      voidReason: null,
    };
    cm.approvals.createInTx(tx, db, approval);
    cm.checkouts.updateInTx(
      tx,
      db,
      rec,
      { status, receipt, approvalId: approval.approvalId },
      {
        actor: uid,
        action: 'approval_requested',
        from: rec.status,
        to: status,
        details: { approval_id: approval.approvalId, receipt_hash: receipt.hash, total_cents: receipt.totalCents },
      },
    );
    return approval;
  });
}

/** The checkout's approval, if it is still good and binds the receipt of the current quote. */
async function heldApproval(cm: Commerce, rec: CheckoutRecord): Promise<ApprovalRecord | undefined> {
  const approval = await currentApproval(cm, rec);
  const now = cm.clock.now();
  if (!approval || !rec.quote || !rec.receipt || approval.status === 'used' || !stillGood(approval, now)) return undefined;
  return quoteHash(rec.quote) === approval.receiptHash && bindsCheckout(approval, rec.receipt.hash, rec) ? approval : undefined;
}

function stillGood(a: ApprovalRecord, now: Date): boolean {
  return a.status === 'approved' || a.status === 'used' || (a.status === 'pending' && !isExpired(a, now));
}
