import type { Firestore, Transaction } from '@google-cloud/firestore';
import { z } from 'zod';
import { DEFAULT_SPENDING_POLICY, SpendingPolicySchema, type SpendingPolicy } from './spending-policy';
import { commercePaths } from './commerce-paths';

// users/{uid}/settings/spending (the policy) and users/{uid}/spending/{YYYY-MM-DD} (that UTC day's
// ledger: the total approved per currency). The ledger is only ever changed inside a transaction
// that also reads it, so concurrent approvals cannot both slip under the daily cap.

const LEDGER_TTL_MS = 8 * 24 * 60 * 60 * 1000;

const LedgerSchema = z.object({ day: z.string(), spent: z.record(z.string(), z.int()) });
export type Ledger = z.infer<typeof LedgerSchema>;

export class SpendingStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async getPolicy(uid: string): Promise<SpendingPolicy> {
    const snap = await commercePaths.spendingPolicy(await this.db(), uid).get();
    return parsePolicy(snap.data());
  }

  async setPolicy(uid: string, policy: SpendingPolicy): Promise<void> {
    await commercePaths.spendingPolicy(await this.db(), uid).set({ ...policy, updatedAt: this.now().toISOString() });
  }

  async ledger(uid: string, day: string): Promise<Ledger> {
    const snap = await commercePaths.ledger(await this.db(), uid, day).get();
    return snap.exists ? LedgerSchema.parse(snap.data()) : { day, spent: {} };
  }

  async readPolicyTx(tx: Transaction, db: Firestore, uid: string): Promise<SpendingPolicy> {
    return parsePolicy((await tx.get(commercePaths.spendingPolicy(db, uid))).data());
  }

  async readLedgerTx(tx: Transaction, db: Firestore, uid: string, day: string): Promise<Ledger> {
    const snap = await tx.get(commercePaths.ledger(db, uid, day));
    return snap.exists ? LedgerSchema.parse(snap.data()) : { day, spent: {} };
  }

  /** Adds `deltaCents` (negative to refund) to the day's total in `currency`, never below 0. */
  writeLedgerTx(tx: Transaction, db: Firestore, uid: string, ledger: Ledger, currency: string, deltaCents: number): void {
    const spent = { ...ledger.spent, [currency]: Math.max(0, (ledger.spent[currency] ?? 0) + deltaCents) };
    const expireAt = new Date(Date.parse(`${ledger.day}T00:00:00Z`) + LEDGER_TTL_MS);
    tx.set(commercePaths.ledger(db, uid, ledger.day), { day: ledger.day, spent, expireAt });
  }
}

function parsePolicy(data: unknown): SpendingPolicy {
  if (!data || typeof data !== 'object') return DEFAULT_SPENDING_POLICY;
  const { updatedAt: _ignored, ...rest } = data as Record<string, unknown>;
  return SpendingPolicySchema.parse(rest);
}
