import type { Firestore } from '@google-cloud/firestore';
import { MailCategorySchema, type MailCategory } from './mail-sort-prompt';

// Mail sorting's Firestore state, per user:
// - users/{uid}/mailCategories/{messageId}: the category the model gave a message, so a message is
//   sorted once (Gmail message ids are stable and a message's content never changes). Dropped by
//   TTL (expireAt) after CACHE_MS: older mail is not listed as "recent" anyway.
// - users/{uid}/mailSortQuota/{YYYY-MM-DD} (UTC day): how many messages the model was asked to
//   sort that day. reserve() takes up to `wanted` of what is left in one transaction, so two
//   listings at once cannot both spend the last of the bound.

const CACHE_MS = 30 * 24 * 60 * 60 * 1000;
const QUOTA_RETAIN_MS = 3 * 24 * 60 * 60 * 1000;

export class MailSortStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date,
  ) {}

  /** Cached categories of the ids given (ids never sorted are absent). */
  async cached(uid: string, ids: readonly string[]): Promise<Map<string, MailCategory>> {
    const out = new Map<string, MailCategory>();
    if (ids.length === 0) return out;
    const db = await this.db();
    const snaps = await db.getAll(...ids.map((id) => this.categories(db, uid).doc(id)));
    for (const s of snaps) {
      const parsed = MailCategorySchema.safeParse(s.data()?.category);
      if (s.exists && parsed.success) out.set(s.id, parsed.data);
    }
    return out;
  }

  async remember(uid: string, sorted: ReadonlyMap<string, MailCategory>): Promise<void> {
    if (sorted.size === 0) return;
    const db = await this.db();
    const now = this.now();
    const batch = db.batch();
    for (const [id, category] of sorted) {
      batch.set(this.categories(db, uid).doc(id), { category, sortedAt: now, expireAt: new Date(now.getTime() + CACHE_MS) });
    }
    await batch.commit();
  }

  /** Takes up to `wanted` messages from today's bound; answers how many were granted. */
  async reserve(uid: string, wanted: number, limit: number): Promise<number> {
    if (wanted <= 0) return 0;
    const db = await this.db();
    const now = this.now();
    const day = now.toISOString().slice(0, 10);
    const ref = db.collection('users').doc(uid).collection('mailSortQuota').doc(day);
    return db.runTransaction(async (tx) => {
      const used = Number((await tx.get(ref)).data()?.count ?? 0);
      const granted = Math.max(0, Math.min(wanted, limit - used));
      if (granted > 0) tx.set(ref, { day, count: used + granted, updatedAt: now, expireAt: new Date(now.getTime() + QUOTA_RETAIN_MS) });
      return granted;
    });
  }

  private categories(db: Firestore, uid: string) {
    return db.collection('users').doc(uid).collection('mailCategories');
  }
}
