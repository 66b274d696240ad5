import type { DocumentReference, Firestore, QueryDocumentSnapshot, Timestamp } from '@google-cloud/firestore';
import { z } from 'zod';
import { toMillis } from '../store/timestamps';
import { nextDue } from './local-time';

// users/{uid}/digestSettings/default — one user's digest preferences, plus the scheduling state
// dispatch needs: `nextDueAt`, the UTC instant the next digest is due. Dispatch finds due users
// with one indexed query over the collection group (nextDueAt <= now), never a scan of users;
// a disabled digest has no nextDueAt and so never matches. firestore.indexes.json declares the
// collection-group index on nextDueAt.

export const DigestSections = z.object({
  calendar: z.boolean(),
  email: z.boolean(),
  orders: z.boolean(),
  youtubeSearches: z.array(z.string()),
});

export const DigestSettings = z.object({
  enabled: z.boolean(),
  hour: z.int().min(0).max(23),
  timeZone: z.string(),
  sections: DigestSections,
  /** null: the user's own Gmail address (the sending account). */
  deliveryAddress: z.string().nullable(),
});
export type DigestSettings = z.infer<typeof DigestSettings>;

const Stored = DigestSettings.extend({
  uid: z.string(),
  nextDueAt: z.unknown().optional(),
  lastDispatchedDate: z.string().nullable().default(null),
  lastDigestAt: z.string().nullable().default(null),
});
export type StoredSettings = z.infer<typeof Stored>;

// What dispatch reads of a due user (the query's projection): the schedule, not the preferences.
// nextDueAt is the query's order, so it stays in the projection for the next page's cursor.
const DueFields = Stored.pick({ uid: true, enabled: true, hour: true, timeZone: true, lastDispatchedDate: true });
const DUE_FIELDS = ['uid', 'enabled', 'hour', 'timeZone', 'lastDispatchedDate', 'nextDueAt'] as const;
export type DueSettings = z.infer<typeof DueFields>;

export interface DueEntry {
  uid: string;
  /** Undefined when the stored scheduling fields do not parse (dispatch unschedules that user). */
  settings: DueSettings | undefined;
  ref: DocumentReference;
  updateTime: Timestamp;
  /** Query cursor: the next page starts after this entry. */
  snapshot: QueryDocumentSnapshot;
}

export const DEFAULT_SETTINGS: DigestSettings = {
  enabled: false,
  hour: 7,
  timeZone: 'UTC',
  sections: { calendar: true, email: true, orders: true, youtubeSearches: [] },
  deliveryAddress: null,
};

export class DigestSettingsStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date,
  ) {}

  async get(uid: string): Promise<(StoredSettings & { nextDueAt?: number }) | undefined> {
    const snap = await (await this.ref(uid)).get();
    if (!snap.exists) return undefined;
    const s = Stored.parse(snap.data());
    const due = toMillis(s.nextDueAt);
    return { ...s, nextDueAt: due > 0 ? due : undefined };
  }

  /** Replaces the preferences and reschedules; a date already dispatched is not due again. */
  async put(uid: string, settings: DigestSettings): Promise<number | undefined> {
    const db = await this.db();
    const ref = await this.ref(uid);
    return db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const old = snap.exists ? Stored.parse(snap.data()) : undefined;
      const lastDispatchedDate = old?.lastDispatchedDate ?? null;
      const due = settings.enabled ? nextDue(this.now().getTime(), settings.hour, settings.timeZone, lastDispatchedDate ?? undefined).at : undefined;
      tx.set(ref, {
        ...settings,
        uid,
        nextDueAt: due === undefined ? null : new Date(due),
        lastDispatchedDate,
        lastDigestAt: old?.lastDigestAt ?? null,
        updatedAt: this.now(),
      });
      return due;
    });
  }

  /**
   * Users whose digest is due, soonest first, after the cursor `after` (a previous page's last).
   * Only the scheduling fields are read: a due user's sections and address are the worker's.
   */
  async listDue(limit: number, after?: DueEntry): Promise<DueEntry[]> {
    const db = await this.db();
    let q = db
      .collectionGroup('digestSettings')
      .where('nextDueAt', '<=', this.now())
      .orderBy('nextDueAt')
      .select(...DUE_FIELDS);
    if (after) q = q.startAfter(after.snapshot);
    const snap = await q.limit(limit).get();
    // A document that does not parse is still an entry of the page: it keeps the page's count and
    // cursor right, and dispatch takes it off the schedule instead of failing the run for everyone.
    return snap.docs.map((d) => {
      const parsed = DueFields.safeParse(d.data());
      const uid = parsed.success ? parsed.data.uid : (d.ref.parent.parent?.id ?? d.ref.path);
      return { uid, settings: parsed.success ? parsed.data : undefined, ref: d.ref, updateTime: d.updateTime, snapshot: d };
    });
  }

  /** Records that a digest was delivered, for the next digest's "since". Never moves back. */
  async markDelivered(uid: string, deliveredAt: string): Promise<void> {
    const db = await this.db();
    const ref = await this.ref(uid);
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const last: unknown = snap.get('lastDigestAt');
      if (snap.exists && (typeof last !== 'string' || last < deliveredAt)) tx.update(ref, { lastDigestAt: deliveredAt });
    });
  }

  private async ref(uid: string) {
    return (await this.db()).collection('users').doc(uid).collection('digestSettings').doc('default');
  }
}
