import type { Firestore, Transaction } from '@google-cloud/firestore';
import { checkSpendingPolicy, ledgerDay } from './spending-policy';
import { AppError } from '../errors';
import { commercePaths } from './commerce-paths';
import { ApprovalRecordSchema, type ApprovalRecord } from './commerce-records';
import type { SpendingStore } from './spending-store';

// users/{uid}/approvals/{approvalId}: pending → approved → used, or → void. An approval binds one
// user, one checkout and one frozen receipt (hash, total, currency); it is single use and expires.
// Approving charges the day's spending ledger in the same transaction that flips the status, so
// the single-use rule and the daily cap both hold under concurrency.
//
// expireAt (the TTL field) is the approval window while pending — checked in code by
// isExpired(), since TTL deletion lags — and, once decided, how long the record is kept.

/** How long a decided (approved, used, void) approval is kept for the record. */
const RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

export class ApprovalsStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly spending: SpendingStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(uid: string, approvalId: string): Promise<ApprovalRecord | undefined> {
    const snap = await commercePaths.approval(await this.db(), uid, approvalId).get();
    return snap.exists ? ApprovalRecordSchema.parse(snap.data()) : undefined;
  }

  async getOwned(uid: string, approvalId: string): Promise<ApprovalRecord> {
    const rec = await this.get(uid, approvalId);
    if (!rec) throw new AppError('not_found', `No approval ${approvalId} of yours exists.`, { details: { approval_id: approvalId } });
    return rec;
  }

  /** pending → approved, charging the spending ledger; refuses a used, void or expired approval. */
  async approve(uid: string, approvalId: string): Promise<ApprovalRecord> {
    const db = await this.db();
    const ref = commercePaths.approval(db, uid, approvalId);
    return db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) throw new AppError('not_found', `No approval ${approvalId} of yours exists.`);
      const approval = ApprovalRecordSchema.parse(snap.data());
      assertPending(approval, this.now());
      const day = ledgerDay(this.now());
      const policy = await this.spending.readPolicyTx(tx, db, uid);
      const ledger = await this.spending.readLedgerTx(tx, db, uid, day);
      checkSpendingPolicy(policy, approval, ledger.spent[approval.currency] ?? 0);
      this.spending.writeLedgerTx(tx, db, uid, ledger, approval.currency, approval.totalCents);
      const next: ApprovalRecord = { ...approval, status: 'approved', approvedAt: this.now().toISOString(), ledgerDay: day };
      tx.set(ref, this.doc(next));
      return next;
    });
  }

  /**
   * Undoes an approval that did not lead to a purchase: back to 'pending' (CartPilot's approve
   * failed for a transient reason) or to 'void' (the receipt is no longer what will be bought).
   * An approved approval's amount is refunded to its day's ledger. Used approvals never change.
   */
  async revert(uid: string, approvalId: string, to: 'pending' | 'void', reason: string): Promise<void> {
    const db = await this.db();
    await db.runTransaction(async (tx) => this.revertInTx(tx, db, uid, approvalId, to, reason));
  }

  async revertInTx(tx: Transaction, db: Firestore, uid: string, approvalId: string, to: 'pending' | 'void', reason: string): Promise<void> {
    const ref = commercePaths.approval(db, uid, approvalId);
    const snap = await tx.get(ref);
    if (!snap.exists) return;
    const a = ApprovalRecordSchema.parse(snap.data());
    if (a.status === 'used' || a.status === 'void' || (a.status === 'pending' && to === 'pending')) return;
    if (a.status === 'approved' && a.ledgerDay) {
      const ledger = await this.spending.readLedgerTx(tx, db, uid, a.ledgerDay);
      this.spending.writeLedgerTx(tx, db, uid, ledger, a.currency, -a.totalCents);
    }
    tx.set(ref, this.doc({ ...a, status: to, approvedAt: null, ledgerDay: null, voidReason: to === 'void' ? reason : null }));
  }

  async getInTx(tx: Transaction, db: Firestore, uid: string, approvalId: string): Promise<ApprovalRecord | undefined> {
    const snap = await tx.get(commercePaths.approval(db, uid, approvalId));
    return snap.exists ? ApprovalRecordSchema.parse(snap.data()) : undefined;
  }

  createInTx(tx: Transaction, db: Firestore, a: ApprovalRecord): void {
    tx.create(commercePaths.approval(db, a.uid, a.approvalId), this.doc(a));
  }

  /** approved → used, in the commit that records the purchase. */
  markUsedInTx(tx: Transaction, db: Firestore, a: ApprovalRecord): void {
    tx.set(commercePaths.approval(db, a.uid, a.approvalId), this.doc({ ...a, status: 'used' }));
  }

  private doc(a: ApprovalRecord): ApprovalRecord & { expireAt: Date } {
    return { ...a, expireAt: new Date(a.status === 'pending' ? a.expiresAtMs : this.now().getTime() + RETENTION_MS) };
  }
}

/** Whether a pending approval may still be approved now. */
export function isExpired(a: ApprovalRecord, now: Date): boolean {
  return now.getTime() >= a.expiresAtMs;
}

function assertPending(a: ApprovalRecord, now: Date): void {
  const refuse = (code: string, message: string) => new AppError('conflict', message, { details: { code, approval_id: a.approvalId, status: a.status } });
  if (a.status === 'approved' || a.status === 'used') throw refuse('APPROVAL_ALREADY_USED', 'This approval was already given; an approval is single use.');
  if (a.status === 'void') throw refuse('APPROVAL_VOID', `This approval is void (${a.voidReason ?? 'superseded'}); request a new one.`);
  if (isExpired(a, now)) throw refuse('APPROVAL_EXPIRED', 'This approval request expired; request a new one.');
}
