import type { Firestore } from '@google-cloud/firestore';
import { z } from 'zod';

// users/{uid}/inboxEvents/{messageId}: metadata (never bodies) of messages that arrived in a
// watched INBOX, recorded by gmail-push for the next digest. Keyed by message id, so recording
// the same message twice (a redelivery, two overlapping history reads) is one document.
// expireAt for the TTL policy: a digest only ever looks back a day or two.

const TTL_MS = 14 * 24 * 60 * 60 * 1000;

export const InboxEvent = z.object({
  account: z.string(),
  messageId: z.string(),
  threadId: z.string(),
  from: z.string(),
  subject: z.string(),
  snippet: z.string(),
  receivedAt: z.string(),
  unread: z.boolean(),
});
export type InboxEvent = z.infer<typeof InboxEvent>;

export class InboxEventsStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date,
  ) {}

  async record(uid: string, events: readonly InboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    const db = await this.db();
    const batch = db.batch();
    const now = this.now();
    for (const e of events) {
      batch.set(db.collection('users').doc(uid).collection('inboxEvents').doc(e.messageId), {
        ...e,
        recordedAt: now,
        expireAt: new Date(now.getTime() + TTL_MS),
      });
    }
    await batch.commit();
  }

  /** Newest first, received at or after `since` (ISO). */
  async since(uid: string, since: string, limit: number): Promise<InboxEvent[]> {
    const db = await this.db();
    const snap = await db
      .collection('users')
      .doc(uid)
      .collection('inboxEvents')
      .where('receivedAt', '>=', since)
      .orderBy('receivedAt', 'desc')
      .limit(limit)
      .get();
    return snap.docs.map((d) => InboxEvent.parse(d.data()));
  }
}
