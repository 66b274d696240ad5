import type { Firestore } from '@google-cloud/firestore';
import { commercePaths } from './commerce-paths';
import { isAlreadyExists, isFailedPrecondition } from '../store/firestore-errors';

// webhookEvents/{sha256(merchant_id:event_id)}: each merchant event is processed once. The
// record is claimed atomically (create() fails if it exists) before processing, completed after,
// and deleted if processing failed so the merchant's retry is processed. A claim left behind by
// a crashed instance is taken over after a lease. Records carry expireAt for a TTL policy. They
// need to outlive only the replay window (MERCHANT_WEBHOOK_TOLERANCE_SEC, at most an hour): an
// event older than that is refused before it gets here.

const TTL_MS = 24 * 60 * 60 * 1000;
const LEASE_MS = 2 * 60 * 1000;

export type EventClaim = 'claimed' | 'duplicate' | 'in_progress';

export class WebhookEventsStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async claim(merchantId: string, eventId: string, eventType: string): Promise<EventClaim> {
    const ref = commercePaths.webhookEvent(await this.db(), merchantId, eventId);
    const now = this.now().getTime();
    const record = { merchantId, eventId, eventType, state: 'processing', leaseUntilMs: now + LEASE_MS, expireAt: new Date(now + TTL_MS) };
    try {
      await ref.create(record);
      return 'claimed';
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
    const snap = await ref.get();
    const state: unknown = snap.data()?.state;
    const leaseUntilMs: unknown = snap.data()?.leaseUntilMs;
    if (state === 'done') return 'duplicate';
    if ((typeof leaseUntilMs === 'number' && leaseUntilMs > now) || !snap.updateTime) return 'in_progress';
    try {
      // Compare-and-set on the version read: of several takers, exactly one wins.
      await ref.update({ leaseUntilMs: record.leaseUntilMs }, { lastUpdateTime: snap.updateTime });
      return 'claimed';
    } catch (e) {
      if (isFailedPrecondition(e)) return 'in_progress';
      throw e;
    }
  }

  async complete(merchantId: string, eventId: string, outcome: Record<string, unknown>): Promise<void> {
    const ref = commercePaths.webhookEvent(await this.db(), merchantId, eventId);
    await ref.update({ state: 'done', processedAt: this.now().toISOString(), outcome });
  }

  async release(merchantId: string, eventId: string): Promise<void> {
    await commercePaths.webhookEvent(await this.db(), merchantId, eventId).delete();
  }
}
