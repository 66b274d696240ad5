import type { DocumentReference, Firestore, Transaction } from '@google-cloud/firestore';
import { z } from 'zod';
import { abortableSleep } from '../providers/retry';
import { commercePaths } from './commerce-paths';
import { isAlreadyExists, isFailedPrecondition } from '../store/firestore-errors';

// users/{uid}/checkouts/{checkoutId}/confirmations/{receiptHash}: who may send THE confirm for
// one approved receipt. Claimed with create() — a precondition, not a transaction — so twenty
// concurrent confirms cost one write and nineteen cheap refusals instead of a transaction storm
// (contended transactions are slow on Firestore). The winner confirms upstream; the others wait
// for its result. A claim whose outcome is unknown (answer lost, crash past its lease) may be
// taken over by a later request, which confirms again with the SAME key: CartPilot replays.

/** Longer than a confirm_checkout function may run, so a live winner is never overtaken. */
const LEASE_MS = 75_000;
const POLL_MS = 150;

export const ConfirmedSchema = z.object({
  orderId: z.string(),
  merchantOrderId: z.string(),
  totalCents: z.int(),
  currency: z.string(),
  confirmedAt: z.string(),
});
export type Confirmed = z.infer<typeof ConfirmedSchema>;

const ClaimSchema = z.object({
  state: z.enum(['in_flight', 'unknown', 'done']),
  key: z.string(),
  leaseUntilMs: z.int(),
  attempts: z.int(),
  result: ConfirmedSchema.nullable(),
});

/** `key`: the Idempotency-Key to confirm with — a taken-over claim keeps the one it was sent with. */
export type ClaimOutcome = { kind: 'won'; key: string } | { kind: 'done'; result: Confirmed } | { kind: 'busy' };

export class ConfirmationsStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async claim(uid: string, checkoutId: string, receiptHash: string, key: string): Promise<ClaimOutcome> {
    const ref = await this.ref(uid, checkoutId, receiptHash);
    const leaseUntilMs = this.now().getTime() + LEASE_MS;
    try {
      await ref.create({ state: 'in_flight', key, leaseUntilMs, attempts: 1, result: null });
      return { kind: 'won', key };
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
    const snap = await ref.get();
    const claim = ClaimSchema.parse(snap.data());
    if (claim.state === 'done' && claim.result) return { kind: 'done', result: claim.result };
    const abandoned = claim.state === 'unknown' || claim.leaseUntilMs <= this.now().getTime();
    if (!abandoned || !snap.updateTime) return { kind: 'busy' };
    try {
      // Compare-and-set on the version we read: of several takers, exactly one wins.
      await ref.update({ state: 'in_flight', leaseUntilMs, attempts: claim.attempts + 1 }, { lastUpdateTime: snap.updateTime });
      // The outcome of the first send is unknown: resend under ITS key, whatever keys are now.
      return { kind: 'won', key: claim.key };
    } catch (e) {
      if (isFailedPrecondition(e)) return { kind: 'busy' };
      throw e;
    }
  }

  /** The recorded result of the confirmation of `receiptHash`, if it completed. */
  async result(uid: string, checkoutId: string, receiptHash: string): Promise<Confirmed | undefined> {
    const snap = await (await this.ref(uid, checkoutId, receiptHash)).get();
    const claim = snap.exists ? ClaimSchema.parse(snap.data()) : undefined;
    return claim?.state === 'done' && claim.result ? claim.result : undefined;
  }

  /** Polls until the winner records a result, gives up, or `timeoutMs` passes. */
  async waitForResult(uid: string, checkoutId: string, receiptHash: string, timeoutMs: number, signal: AbortSignal): Promise<Confirmed | undefined> {
    const ref = await this.ref(uid, checkoutId, receiptHash);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !signal.aborted) {
      await abortableSleep(POLL_MS, signal);
      const snap = await ref.get();
      if (!snap.exists) return undefined;
      const claim = ClaimSchema.parse(snap.data());
      if (claim.state === 'done' && claim.result) return claim.result;
      if (claim.state === 'unknown') return undefined;
    }
    return undefined;
  }

  completeInTx(tx: Transaction, db: Firestore, uid: string, checkoutId: string, receiptHash: string, result: Confirmed): void {
    tx.set(commercePaths.confirmation(db, uid, checkoutId, receiptHash), { state: 'done', result }, { merge: true });
  }

  /** CartPilot certainly did not confirm (it refused): the next attempt starts afresh. */
  async release(uid: string, checkoutId: string, receiptHash: string): Promise<void> {
    await (await this.ref(uid, checkoutId, receiptHash)).delete();
  }

  /** No answer came back: the purchase may or may not have happened. A retry takes over. */
  async markUnknown(uid: string, checkoutId: string, receiptHash: string): Promise<void> {
    await (await this.ref(uid, checkoutId, receiptHash)).update({ state: 'unknown' });
  }

  private async ref(uid: string, checkoutId: string, receiptHash: string): Promise<DocumentReference> {
    return commercePaths.confirmation(await this.db(), uid, checkoutId, receiptHash);
  }
}
