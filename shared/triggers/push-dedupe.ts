import { createHash } from 'node:crypto';
import type { DocumentReference, Firestore } from '@google-cloud/firestore';
import { isAlreadyExists, isFailedPrecondition } from '../store/firestore-errors';
import { toMillis } from '../store/timestamps';

// pushMessages/{sha256(subscription:messageId)}: Pub/Sub delivers at least once, so each message
// is claimed before it is processed, marked done after, and released when processing failed (so
// the redelivery is processed). A claim held by an instance that died is taken over once its
// lease runs out. Records carry expireAt for the TTL policy: Pub/Sub stops redelivering after
// the 7-day retention.

const TTL_MS = 8 * 24 * 60 * 60 * 1000;
const LEASE_MS = 2 * 60 * 1000;

export type PushClaim =
  | { kind: 'claimed'; release(): Promise<void>; complete(outcome: string): Promise<void> }
  | { kind: 'duplicate' }
  | { kind: 'in_progress' };

export class PushDedupeStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date,
  ) {}

  async claim(subscription: string, messageId: string): Promise<PushClaim> {
    const ref = (await this.db()).collection('pushMessages').doc(createHash('sha256').update(`${subscription}:${messageId}`).digest('hex'));
    const now = this.now().getTime();
    const record = { state: 'processing', leaseUntil: new Date(now + LEASE_MS), receivedAt: new Date(now), expireAt: new Date(now + TTL_MS) };
    try {
      await ref.create(record);
      return this.claimed(ref);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
    const snap = await ref.get();
    if (snap.get('state') === 'done') return { kind: 'duplicate' };
    if (toMillis(snap.get('leaseUntil')) > now || !snap.updateTime) return { kind: 'in_progress' };
    try {
      // Compare-and-set on the update time: of two instances taking over, one wins.
      await ref.update({ leaseUntil: record.leaseUntil }, { lastUpdateTime: snap.updateTime });
      return this.claimed(ref);
    } catch (e) {
      if (isFailedPrecondition(e)) return { kind: 'in_progress' };
      throw e;
    }
  }

  private claimed(ref: DocumentReference): PushClaim {
    return {
      kind: 'claimed',
      release: async () => void (await ref.delete()),
      complete: async (outcome) => void (await ref.update({ state: 'done', outcome, processedAt: this.now() })),
    };
  }
}
