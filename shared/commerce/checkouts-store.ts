import type { DocumentReference, Firestore, Transaction } from '@google-cloud/firestore';
import { AppError } from '../errors';
import { z } from 'zod';
import { CheckoutStatusSchema, type CheckoutStatus } from '../providers/cartpilot/schemas';
import { autoId, commercePaths } from './commerce-paths';
import { CheckoutRecordSchema, type CheckoutRecord } from './commerce-records';
import { isAlreadyExists } from '../store/firestore-errors';

// users/{uid}/checkouts/{checkoutId} plus its audit trail, users/{uid}/checkouts/{id}/audit/*:
// one document per transition (who, when, from, to), never an array that grows without bound.
// A checkout that is not under the caller's uid does not exist for them (404, and no upstream
// call is made before this check).

export interface AuditEntry {
  /** The acting user's uid, 'webhook', or 'cartpilot' for a change observed on a read. */
  actor: string;
  action: string;
  from: CheckoutStatus | null;
  to: CheckoutStatus | null;
  details?: Record<string, unknown>;
}

const AuditDocSchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  from: CheckoutStatusSchema.nullable(),
  to: CheckoutStatusSchema.nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditDoc = z.infer<typeof AuditDocSchema>;

export type CheckoutPatch = Partial<Omit<CheckoutRecord, 'uid' | 'checkoutId' | 'createdAt'>>;

export class CheckoutsStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(uid: string, checkoutId: string): Promise<CheckoutRecord | undefined> {
    const snap = await (await this.ref(uid, checkoutId)).get();
    return snap.exists ? CheckoutRecordSchema.parse(snap.data()) : undefined;
  }

  async getOwned(uid: string, checkoutId: string): Promise<CheckoutRecord> {
    const rec = await this.get(uid, checkoutId);
    if (!rec) throw notFound(checkoutId);
    return rec;
  }

  /** The user's checkouts opened from `offerId`. */
  async byOffer(uid: string, offerId: string): Promise<CheckoutRecord[]> {
    const db = await this.db();
    const snap = await commercePaths.user(db, uid).collection('checkouts').where('offerId', '==', offerId).get();
    return snap.docs.map((d) => CheckoutRecordSchema.parse(d.data()));
  }

  /** Creates the record, or returns the one already there (a repeated create_checkout). */
  async create(rec: CheckoutRecord, audit: AuditEntry): Promise<{ record: CheckoutRecord; created: boolean }> {
    const db = await this.db();
    const ref = commercePaths.checkout(db, rec.uid, rec.checkoutId);
    const batch = db.batch().create(ref, rec);
    batch.set(autoId(ref, 'audit'), this.auditDoc(audit));
    try {
      await batch.commit();
      return { record: rec, created: true };
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      return { record: await this.getOwned(rec.uid, rec.checkoutId), created: false };
    }
  }

  /**
   * +1 on keyEpoch, atomically (an increment, not a read-modify-write). The record writes below
   * leave keyEpoch out, so one based on an older read never moves it back.
   */
  async bumpKeyEpoch(uid: string, checkoutId: string): Promise<void> {
    const { FieldValue } = await import('@google-cloud/firestore'); // already loaded by this.db()
    await (await this.ref(uid, checkoutId)).update({ keyEpoch: FieldValue.increment(1), updatedAt: this.now().toISOString() });
  }

  /** Applies `patch` and, when given, records the transition in the same commit. */
  async update(rec: CheckoutRecord, patch: CheckoutPatch, audit?: AuditEntry): Promise<CheckoutRecord> {
    const db = await this.db();
    const ref = commercePaths.checkout(db, rec.uid, rec.checkoutId);
    const next = { ...rec, ...patch, updatedAt: this.now().toISOString() };
    const batch = db.batch().set(ref, next, allButEpoch(next));
    if (audit) batch.set(autoId(ref, 'audit'), this.auditDoc(audit));
    await batch.commit();
    return next;
  }

  /** The same as update(), inside a caller's transaction. */
  /** The checkout as a transaction reads it (the read the transaction's writes are checked against). */
  async getInTx(tx: Transaction, db: Firestore, uid: string, checkoutId: string): Promise<CheckoutRecord> {
    return CheckoutRecordSchema.parse((await tx.get(commercePaths.checkout(db, uid, checkoutId))).data());
  }

  updateInTx(tx: Transaction, db: Firestore, rec: CheckoutRecord, patch: CheckoutPatch, audit?: AuditEntry): CheckoutRecord {
    const ref = commercePaths.checkout(db, rec.uid, rec.checkoutId);
    const next = { ...rec, ...patch, updatedAt: this.now().toISOString() };
    tx.set(ref, next, allButEpoch(next));
    if (audit) tx.set(autoId(ref, 'audit'), this.auditDoc(audit));
    return next;
  }

  /** The audit trail, oldest first. */
  async auditTrail(uid: string, checkoutId: string): Promise<AuditDoc[]> {
    const snap = await (await this.ref(uid, checkoutId)).collection('audit').orderBy('atMs').get();
    return snap.docs.map((d) => AuditDocSchema.parse(d.data()));
  }

  private auditDoc(a: AuditEntry): Record<string, unknown> {
    const now = this.now();
    return { at: now.toISOString(), atMs: now.getTime(), actor: a.actor, action: a.action, from: a.from, to: a.to, details: a.details ?? null };
  }

  private async ref(uid: string, checkoutId: string): Promise<DocumentReference> {
    return commercePaths.checkout(await this.db(), uid, checkoutId);
  }
}

/** Every field replaced as a whole (no deep merge), except the counter only bumpKeyEpoch moves. */
function allButEpoch(rec: CheckoutRecord): { mergeFields: string[] } {
  return { mergeFields: Object.keys(rec).filter((k) => k !== 'keyEpoch') };
}

export function notFound(checkoutId: string): AppError {
  return new AppError('not_found', `No checkout ${checkoutId} of yours exists.`, { details: { checkout_id: checkoutId } });
}
