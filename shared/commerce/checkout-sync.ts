import type { Checkout } from '../providers/cartpilot/schemas';
import type { CheckoutPatch } from './checkouts-store';
import type { ApprovalRecord, CheckoutRecord } from './commerce-records';
import { canonicalJson } from '../store/idempotency';
import type { Commerce } from './deps';
import { quoteOf } from './receipt';
import { checkoutView } from './views';

// Reading a checkout, keeping our mirror of it in step with CartPilot, and voiding an approval
// when what was approved is no longer what would be bought.

export async function currentApproval(cm: Commerce, rec: CheckoutRecord): Promise<ApprovalRecord | undefined> {
  return rec.approvalId ? cm.approvals.get(rec.uid, rec.approvalId) : undefined;
}

/** A pending or approved approval still binds the checkout; used and void ones no longer do. */
export function isLive(a: ApprovalRecord | undefined): a is ApprovalRecord {
  return a?.status === 'pending' || a?.status === 'approved';
}

/**
 * Voids the checkout's approval (refunding its day's ledger charge if it was approved), drops our
 * copy of the frozen receipt and (unless `patch` is itself a new quote) requires a new quote before
 * a new approval can be requested.
 */
export async function invalidateApproval(cm: Commerce, rec: CheckoutRecord, actor: string, reason: string, patch: CheckoutPatch = {}): Promise<CheckoutRecord> {
  if (rec.approvalId) await cm.approvals.revert(rec.uid, rec.approvalId, 'void', reason);
  const to = patch.status ?? rec.status;
  return cm.checkouts.update(
    rec,
    { requoteRequired: true, ...patch, receipt: null },
    {
      actor,
      action: 'approval_voided',
      from: rec.status,
      to,
      details: { reason, approval_id: rec.approvalId },
    },
  );
}

export async function getCheckout(cm: Commerce, uid: string, checkoutId: string) {
  const rec = await cm.checkouts.getOwned(uid, checkoutId);
  const synced = await mirror(cm, rec, await cm.api.getCheckout(checkoutId));
  return checkoutView(synced, await currentApproval(cm, synced), cm.clock.now());
}

/** Writes only when CartPilot's status or quote moved; an unchanged read costs no write. */
async function mirror(cm: Commerce, rec: CheckoutRecord, cp: Checkout): Promise<CheckoutRecord> {
  const quote = quoteOf(cp) ?? rec.quote;
  const receiptDropped = rec.receipt !== null && rec.status !== 'confirmed' && cp.frozen_receipt?.hash.toLowerCase() !== rec.receipt.hash;
  if (receiptDropped) return invalidateApproval(cm, rec, 'cartpilot', 'receipt_changed_upstream', { status: cp.status, quote });
  if (cp.status === rec.status && canonicalJson(quote) === canonicalJson(rec.quote)) return rec;
  const audit = cp.status === rec.status ? undefined : { actor: 'cartpilot', action: 'status_synced', from: rec.status, to: cp.status };
  return cm.checkouts.update(rec, { status: cp.status, quote }, audit);
}
