import { createHash } from 'node:crypto';
import { type DocumentReference, FieldValue, type Firestore } from '@google-cloud/firestore';
import { toMillis } from '../../store/timestamps';

// users/{uid}/calendarCache/{id}: a person's calendar reads, kept up to 5 minutes so a
// conversation or a digest asking twice does not call Google twice. Kept in Firestore, not in
// memory: the push notification that drops an entry arrives at another function instance.
//
// Dropping is a generation bump (users/{uid}/calendarCacheGen/{calendar}): an entry counts only
// while it carries the calendar's current generation. A read records the generation BEFORE it asks
// Google, so a fetch that was in flight when the calendar changed stores an entry that is already
// stale, instead of resurrecting what the invalidation meant to drop. One round trip per lookup
// (getAll of the entry and the generation).

export const CALENDAR_CACHE_MAX_AGE_MS = 5 * 60_000;
const GENERATION_TTL_MS = 24 * 3_600_000;

export interface CachedRead<T> {
  value: T;
  cachedAt: number;
}

export interface CacheLookup<T> {
  hit?: CachedRead<T>;
  /** The calendar's generation now: pass it to store() after fetching. */
  generation: number;
}

export interface CalendarRef {
  uid: string;
  /** The Google account's address. */
  account: string;
  /** As the caller named it; "primary" is the account's own calendar. */
  calendarId: string;
}

export class CalendarEventsCache {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => number,
  ) {}

  /**
   * `connection`: the account's connection document, read in the same round trip. A cached answer
   * is given only while it still exists and works: a person who disconnected (on any instance) is
   * not served their calendar from here, just as Google would refuse the revoked token.
   */
  async lookup<T>(ref: CalendarRef, query: string, maxAgeMs: number, connection: DocumentReference): Promise<CacheLookup<T>> {
    const db = await this.db();
    const [entry, gen, conn] = await db.getAll(this.entryRef(db, ref, query), this.genRef(db, ref), connection);
    const generation = Number(gen?.data()?.generation ?? 0);
    const data = entry?.data();
    const usable = conn?.exists === true && conn.data()?.status !== 'reauth_required';
    if (!data || !usable || Number(data.generation) !== generation) return { generation };
    const cachedAt = toMillis(data.cachedAt);
    const age = this.now() - cachedAt;
    if (age < 0 || age > Math.min(maxAgeMs, CALENDAR_CACHE_MAX_AGE_MS)) return { generation };
    return { generation, hit: { value: JSON.parse(String(data.value)) as T, cachedAt } };
  }

  async store(ref: CalendarRef, query: string, generation: number, value: unknown): Promise<number> {
    const db = await this.db();
    const cachedAt = this.now();
    await this.entryRef(db, ref, query).set({
      generation,
      value: JSON.stringify(value),
      cachedAt: new Date(cachedAt),
      expireAt: new Date(cachedAt + CALENDAR_CACHE_MAX_AGE_MS),
    });
    return cachedAt;
  }

  /** Everything cached for this calendar is stale from now on (a push notification, our own write). */
  async invalidate(ref: CalendarRef): Promise<void> {
    const db = await this.db();
    // The generation may expire long after every entry it guards has (entries live ≤ 5 minutes).
    const now = this.now();
    await this.genRef(db, ref).set(
      { generation: FieldValue.increment(1), updatedAt: new Date(now), expireAt: new Date(now + GENERATION_TTL_MS) },
      { merge: true },
    );
  }

  private entryRef(db: Firestore, ref: CalendarRef, query: string) {
    return db
      .collection('users')
      .doc(ref.uid)
      .collection('calendarCache')
      .doc(digest(`${calendarKey(ref)}\n${query}`));
  }

  private genRef(db: Firestore, ref: CalendarRef) {
    return db
      .collection('users')
      .doc(ref.uid)
      .collection('calendarCacheGen')
      .doc(digest(calendarKey(ref)));
  }
}

/** Google treats "primary" and the account's address as the same calendar; so does the cache. */
function calendarKey(ref: CalendarRef): string {
  const account = ref.account.toLowerCase();
  const calendar = ref.calendarId === 'primary' ? account : ref.calendarId.toLowerCase();
  return `${account}\n${calendar}`;
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex');
