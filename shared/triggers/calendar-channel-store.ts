import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import { z } from 'zod';
import { toMillis } from '../store/timestamps';

// calendarChannels/{channelId}: the Calendar push channels we opened. A notification names only
// the channel, so this is how it finds the user. The channel token (our shared secret with
// Google for that channel) is stored as its SHA-256: a leaked database does not let anyone forge
// notifications, and the check compares digests in constant time.

const Stored = z.object({
  uid: z.string(),
  account: z.string(),
  calendarId: z.string(),
  resourceId: z.string(),
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  expiration: z.unknown(),
});

export interface CalendarChannel {
  id: string;
  uid: string;
  account: string;
  calendarId: string;
  resourceId: string;
  tokenHash: string;
  /** ms since epoch */
  expiration: number;
}

// A channel id carries the expiration we asked Google for (`<uuid>_<seconds, base 36>`; Google
// can only shorten it), so a notification for a channel past it is refused without a Firestore
// read. Ids minted before this format have no suffix and are checked against the stored time.
export function newChannelId(expirationMs: number): string {
  return `${randomUUID()}_${Math.ceil(expirationMs / 1000).toString(36)}`;
}

/** The expiration (ms) named in the channel id, if it names one. */
export function channelIdExpiration(id: string): number | undefined {
  const m = /_([0-9a-z]{1,10})$/.exec(id);
  return m?.[1] ? Number.parseInt(m[1], 36) * 1000 : undefined;
}

export const hashChannelToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Constant-time: the digests have equal length whatever was presented. */
export function channelTokenMatches(channel: CalendarChannel, presented: string | undefined): boolean {
  const a = Buffer.from(hashChannelToken(presented ?? ''), 'hex');
  const b = Buffer.from(channel.tokenHash, 'hex');
  return presented !== undefined && a.length === b.length && timingSafeEqual(a, b);
}

export class CalendarChannelStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date,
  ) {}

  async get(id: string): Promise<CalendarChannel | undefined> {
    if (!/^[\w-]{1,64}$/.test(id)) return undefined;
    const snap = await (await this.col()).doc(id).get();
    return snap.exists ? toChannel(snap.id, snap.data()) : undefined;
  }

  async save(c: CalendarChannel): Promise<void> {
    const { id, expiration, ...rest } = c;
    await (await this.col()).doc(id).set({ ...rest, expiration: new Date(expiration), createdAt: this.now() });
  }

  async delete(id: string): Promise<void> {
    await (await this.col()).doc(id).delete();
  }

  /** Channels expiring before `before` (ms), soonest first, after the cursor `after` (a page's last). */
  async expiringBefore(before: number, limit: number, after?: CalendarChannel): Promise<CalendarChannel[]> {
    let q = (await this.col()).where('expiration', '<=', new Date(before)).orderBy('expiration').orderBy('__name__');
    if (after) q = q.startAfter(new Date(after.expiration), after.id);
    const snap = await q.limit(limit).get();
    return snap.docs.map((d) => toChannel(d.id, d.data()));
  }

  /** The user's channels on one account (disconnecting it stops them). */
  async forAccount(uid: string, account: string): Promise<CalendarChannel[]> {
    const snap = await (await this.col()).where('uid', '==', uid).where('account', '==', account).limit(50).get();
    return snap.docs.map((d) => toChannel(d.id, d.data()));
  }

  private async col() {
    return (await this.db()).collection('calendarChannels');
  }
}

function toChannel(id: string, data: unknown): CalendarChannel {
  const s = Stored.parse(data);
  return { id, uid: s.uid, account: s.account, calendarId: s.calendarId, resourceId: s.resourceId, tokenHash: s.tokenHash, expiration: toMillis(s.expiration) };
}
