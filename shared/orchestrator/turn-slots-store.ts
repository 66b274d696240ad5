import type { Firestore } from '@google-cloud/firestore';
import { AppError } from '../errors';

// users/{uid}/turnSlots/current: the chat turns of one user running right now, each a lease
// {turnId: leaseUntilMs}. A turn takes a slot in a transaction before it starts and gives it back
// when it ends; at the cap, the next one is refused (429 rate_limited). A lease outlives the
// function's timeout only if the instance died, and then simply lapses.

export class TurnSlotStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async acquire(uid: string, turnId: string, cap: number, leaseMs: number): Promise<void> {
    const db = await this.db();
    const ref = this.ref(db, uid);
    const taken = await db.runTransaction(async (tx) => {
      const now = this.now().getTime();
      const leases = ((await tx.get(ref)).data()?.leases ?? {}) as Record<string, number>;
      const live = Object.fromEntries(Object.entries(leases).filter(([, until]) => until > now));
      if (Object.keys(live).length >= cap) return false;
      tx.set(ref, { leases: { ...live, [turnId]: now + leaseMs }, expireAt: new Date(now + leaseMs) });
      return true;
    });
    if (!taken) {
      throw new AppError('rate_limited', `You already have ${cap} assistant request(s) running; wait for one to finish.`, {
        retryAfterSec: 5,
        details: { reason: 'concurrent_turns', limit: cap },
      });
    }
  }

  async release(uid: string, turnId: string): Promise<void> {
    const db = await this.db();
    const { FieldPath, FieldValue } = await import('@google-cloud/firestore');
    await this.ref(db, uid).update(new FieldPath('leases', turnId), FieldValue.delete());
  }

  private ref(db: Firestore, uid: string) {
    return db.collection('users').doc(uid).collection('turnSlots').doc('current');
  }
}
