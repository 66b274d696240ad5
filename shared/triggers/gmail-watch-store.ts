import { createHash } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import { z } from 'zod';
import { toMillis } from '../store/timestamps';

// gmailWatches/{sha256(email|uid)}: the index from a Gmail notification (which names only the
// mailbox) to each user who connected that mailbox, with where that user last read its history.
// Gmail keeps one watch per mailbox and topic, so users sharing a mailbox (a team inbox connected
// by several people) share the watch, but each has an entry and is synced on every notification.
// historyId only moves forward (a stale notification or a slow instance never moves it back),
// except on a full resync, which replaces it with the mailbox's current one.
// Entries written before this layout are keyed by the email alone and carry no `email` field;
// they are still found, and replaced by the user's own entry when their watch is next saved.

const Stored = z.object({
  email: z.string().optional(),
  uid: z.string(),
  account: z.string(),
  historyId: z.string().regex(/^\d+$/),
  expiration: z.unknown(),
  renewAfter: z.unknown(),
  status: z.enum(['active', 'reauth_required']).default('active'),
});

export interface GmailWatch {
  /** The index entry's document id. */
  id: string;
  email: string;
  uid: string;
  account: string;
  historyId: string;
  /** ms since epoch: when Gmail stops notifying unless renewed. */
  expiration: number;
  renewAfter: number;
  status: 'active' | 'reauth_required';
}

export const compareHistoryIds = (a: string, b: string): number => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

const COLLECTION = 'gmailWatches';

export class GmailWatchStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date,
  ) {}

  /** Every user watching this mailbox. */
  async forMailbox(email: string): Promise<GmailWatch[]> {
    const db = await this.db();
    const mailbox = email.toLowerCase();
    const [current, legacy] = await Promise.all([db.collection(COLLECTION).where('email', '==', mailbox).get(), db.collection(COLLECTION).doc(mailbox).get()]);
    const watches = current.docs.map((d) => toWatch(d.data(), d.id));
    if (legacy.exists) {
      const old = toWatch(legacy.data(), legacy.id);
      if (!watches.some((w) => w.uid === old.uid)) watches.push(old);
    }
    return watches;
  }

  /** A new or renewed watch for one user. Keeps their stored historyId when they renew. */
  async saveWatch(w: Omit<GmailWatch, 'status' | 'id'>): Promise<void> {
    const db = await this.db();
    const ref = db.collection(COLLECTION).doc(entryId(w.email, w.uid));
    const legacyRef = db.collection(COLLECTION).doc(w.email.toLowerCase());
    await db.runTransaction(async (tx) => {
      const [snap, legacy] = await Promise.all([tx.get(ref), tx.get(legacyRef)]);
      const legacyMine = legacy.exists && legacy.get('uid') === w.uid;
      const kept = snap.exists ? toWatch(snap.data(), snap.id).historyId : legacyMine ? toWatch(legacy.data(), legacy.id).historyId : undefined;
      tx.set(ref, { ...fields(w), historyId: kept ?? w.historyId, status: 'active', updatedAt: this.now() });
      if (legacyMine) tx.delete(legacyRef);
    });
  }

  /** Moves the user's historyId forward only; `force` (after a full resync) sets it outright. */
  async advance(w: Pick<GmailWatch, 'id'>, historyId: string, opts: { force?: boolean } = {}): Promise<void> {
    const db = await this.db();
    const ref = db.collection(COLLECTION).doc(w.id);
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) return;
      const current = Stored.parse(snap.data()).historyId;
      if (opts.force || compareHistoryIds(historyId, current) > 0)
        tx.update(ref, { historyId, updatedAt: this.now(), ...(opts.force ? { resyncedAt: this.now() } : {}) });
    });
  }

  /** Not due again before `retryAfter`; `reauth` also records that the user must reconnect. */
  async postpone(w: Pick<GmailWatch, 'id'>, retryAfter: number, reauth: boolean): Promise<void> {
    await (await this.db())
      .collection(COLLECTION)
      .doc(w.id)
      .update({ renewAfter: new Date(retryAfter), ...(reauth ? { status: 'reauth_required' } : {}) });
  }

  /** Watches due for renewal, oldest first (single-field index on renewAfter). */
  async dueForRenewal(limit: number): Promise<GmailWatch[]> {
    const snap = await (await this.db()).collection(COLLECTION).where('renewAfter', '<=', this.now()).orderBy('renewAfter').limit(limit).get();
    return snap.docs.map((d) => toWatch(d.data(), d.id));
  }

  /** Forgets the user's watch of the mailbox; the other users watching it are returned. */
  async delete(email: string, uid: string): Promise<GmailWatch[]> {
    const db = await this.db();
    const watching = await this.forMailbox(email);
    await Promise.all(watching.filter((w) => w.uid === uid).map((w) => db.collection(COLLECTION).doc(w.id).delete()));
    return watching.filter((w) => w.uid !== uid);
  }
}

function entryId(email: string, uid: string): string {
  return createHash('sha256').update(`${email.toLowerCase()}|${uid}`).digest('hex');
}

function fields(w: Omit<GmailWatch, 'status' | 'id'>) {
  return {
    email: w.email.toLowerCase(),
    uid: w.uid,
    account: w.account,
    historyId: w.historyId,
    expiration: new Date(w.expiration),
    renewAfter: new Date(w.renewAfter),
  };
}

function toWatch(data: unknown, docId: string): GmailWatch {
  const s = Stored.parse(data);
  // A legacy entry's id is the mailbox itself.
  return {
    id: docId,
    email: s.email ?? docId,
    uid: s.uid,
    account: s.account,
    historyId: s.historyId,
    expiration: toMillis(s.expiration),
    renewAfter: toMillis(s.renewAfter),
    status: s.status,
  };
}
