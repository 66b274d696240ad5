import type { Firestore } from '@google-cloud/firestore';
import { z } from 'zod';
import { toMillis } from '../store/timestamps';

// gmailWatches/{email}: the index from a Gmail notification (which names only the mailbox) to
// the user and connection it belongs to, plus where that mailbox's history was last read.
// A mailbox connected by two users maps to the one who connected it last (their watch replaced
// the other's, as Gmail keeps one watch per mailbox and topic).
// historyId only moves forward (a stale notification or a slow instance never moves it back),
// except on a full resync, which replaces it with the mailbox's current one.

const Stored = z.object({
  uid: z.string(),
  account: z.string(),
  historyId: z.string().regex(/^\d+$/),
  expiration: z.unknown(),
  renewAfter: z.unknown(),
  status: z.enum(['active', 'reauth_required']).default('active'),
});

export interface GmailWatch {
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

export class GmailWatchStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date,
  ) {}

  async get(email: string): Promise<GmailWatch | undefined> {
    const snap = await (await this.ref(email)).get();
    return snap.exists ? toWatch(snap.id, snap.data()) : undefined;
  }

  /** A new or renewed watch. Keeps the stored historyId when the same user renews. */
  async saveWatch(w: Omit<GmailWatch, 'status'>): Promise<void> {
    const db = await this.db();
    const ref = await this.ref(w.email);
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const old = snap.exists ? toWatch(snap.id, snap.data()) : undefined;
      const historyId = old && old.uid === w.uid ? old.historyId : w.historyId;
      tx.set(ref, { ...fields(w), historyId, status: 'active', updatedAt: this.now() });
    });
  }

  /** Moves historyId forward only; `force` (after a full resync) sets it outright. */
  async advance(email: string, historyId: string, opts: { force?: boolean } = {}): Promise<void> {
    const db = await this.db();
    const ref = await this.ref(email);
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) return;
      const current = Stored.parse(snap.data()).historyId;
      if (opts.force || compareHistoryIds(historyId, current) > 0) tx.update(ref, { historyId, updatedAt: this.now(), ...(opts.force ? { resyncedAt: this.now() } : {}) });
    });
  }

  /** Not due again before `retryAfter`; `reauth` also records that the user must reconnect. */
  async postpone(email: string, retryAfter: number, reauth: boolean): Promise<void> {
    await (await this.ref(email)).update({ renewAfter: new Date(retryAfter), ...(reauth ? { status: 'reauth_required' } : {}) });
  }

  /** Watches due for renewal, oldest first (single-field index on renewAfter). */
  async dueForRenewal(limit: number): Promise<GmailWatch[]> {
    const snap = await (await this.db()).collection('gmailWatches').where('renewAfter', '<=', this.now()).orderBy('renewAfter').limit(limit).get();
    return snap.docs.map((d) => toWatch(d.id, d.data()));
  }

  async delete(email: string, uid: string): Promise<void> {
    const db = await this.db();
    const ref = await this.ref(email);
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (snap.exists && snap.get('uid') === uid) tx.delete(ref);
    });
  }

  private async ref(email: string) {
    return (await this.db()).collection('gmailWatches').doc(email.toLowerCase());
  }
}

function fields(w: Omit<GmailWatch, 'status'>) {
  return { uid: w.uid, account: w.account, historyId: w.historyId, expiration: new Date(w.expiration), renewAfter: new Date(w.renewAfter) };
}

function toWatch(email: string, data: unknown): GmailWatch {
  const s = Stored.parse(data);
  return { email, uid: s.uid, account: s.account, historyId: s.historyId, expiration: toMillis(s.expiration), renewAfter: toMillis(s.renewAfter), status: s.status };
}
