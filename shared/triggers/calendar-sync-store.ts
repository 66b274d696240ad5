import type { Firestore } from '@google-cloud/firestore';
import { z } from 'zod';

// Per user and calendar (users/{uid}/…/{account|calendarId}):
// - calendarSync: the sync token of the last events.list, so each notification reads only what
//   changed. It survives channel renewals (a new channel watches the same calendar).
// - calendarChanges: the "calendar changed" marker. There is no calendar cache to invalidate (the
//   calendar actions always read live), so the digest reads this marker to report changes since
//   the last digest. It holds the latest changes only (bounded), never a growing log.

const RECENT_MAX = 20;

export const CalendarChange = z.object({
  id: z.string(),
  summary: z.string(),
  status: z.string(),
  start: z.string(),
  updated: z.string(),
});
export type CalendarChange = z.infer<typeof CalendarChange>;

const ChangesDoc = z.looseObject({
  account: z.string(),
  calendarId: z.string(),
  lastChangeAt: z.string(),
  fullResync: z.boolean().default(false),
  recent: z.array(CalendarChange).default([]),
});
export type CalendarChanges = z.infer<typeof ChangesDoc>;

export const calendarKey = (account: string, calendarId: string): string => encodeURIComponent(`${account.toLowerCase()}|${calendarId}`);

export class CalendarSyncStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date,
  ) {}

  async syncToken(uid: string, account: string, calendarId: string): Promise<string | undefined> {
    const snap = await (await this.user(uid)).collection('calendarSync').doc(calendarKey(account, calendarId)).get();
    const token: unknown = snap.get('syncToken');
    return typeof token === 'string' && token ? token : undefined;
  }

  async saveSyncToken(uid: string, account: string, calendarId: string, syncToken: string | undefined): Promise<void> {
    const ref = (await this.user(uid)).collection('calendarSync').doc(calendarKey(account, calendarId));
    await ref.set({ account, calendarId, syncToken: syncToken ?? null, lastSyncAt: this.now() }, { merge: true });
  }

  /** Records changes (newest kept) or, after a full resync, that everything may have changed. */
  async recordChanges(uid: string, account: string, calendarId: string, changes: CalendarChange[], fullResync: boolean): Promise<void> {
    const db = await this.db();
    const ref = (await this.user(uid)).collection('calendarChanges').doc(calendarKey(account, calendarId));
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const old = snap.exists ? ChangesDoc.parse(snap.data()).recent : [];
      const byId = new Map([...old, ...changes].map((c) => [c.id, c]));
      const recent = [...byId.values()].sort((a, b) => b.updated.localeCompare(a.updated)).slice(0, RECENT_MAX);
      tx.set(ref, { account, calendarId, lastChangeAt: this.now().toISOString(), fullResync, recent });
    });
  }

  /** Markers of calendars that changed at or after `since` (ISO). */
  async changesSince(uid: string, since: string): Promise<CalendarChanges[]> {
    const snap = await (await this.user(uid)).collection('calendarChanges').where('lastChangeAt', '>=', since).limit(20).get();
    return snap.docs.map((d) => ChangesDoc.parse(d.data()));
  }

  private async user(uid: string) {
    return (await this.db()).collection('users').doc(uid);
  }
}
