import type { Firestore } from '@google-cloud/firestore';
import type { ThrottleClass } from '../config';
import { AppError } from '../errors';
import { BoundedMap } from './bounded-map';

// Per-user request limits per function class (reads, writes, chat, search), counted per minute
// across every instance. Each function is its own autoscaled service, so a limit kept only in an
// instance's memory multiplies with the instances a burst spins up; the count therefore lives in
// Firestore (users/{uid}/throttle/{class}: the minute and how much of it instances have claimed).
// To keep Firestore off the hot path an instance claims a SLICE of the minute's budget in one
// transaction and spends it from memory; once Firestore says the minute is used up, the instance
// refuses from memory until the minute turns. A slice is a tenth of what is LEFT of the minute
// (at least 1), not of the limit: with fixed tenths the 11th instance a person reached in one
// minute (a console opening a dozen cold functions) was refused after a dozen requests. Slices
// shrink as the minute fills, so every instance gets one until the requests really spend the
// limit. A slice an instance claims but does not use is lost to the others for that minute — the
// price of not writing on every request (at most slice − 1 per instance per minute).

const WINDOW_MS = 60_000;
const USERS_REMEMBERED = 10_000;

interface Slot {
  window: number;
  left: number;
  exhausted: boolean;
  /** The claim in flight: concurrent requests wait for it rather than each claiming (one transaction at a time per slot). */
  claiming?: Promise<void>;
}

export class Throttle {
  private readonly slots = new BoundedMap<string, Slot>(USERS_REMEMBERED);

  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly limits: Record<ThrottleClass, number>,
    private readonly now: () => number,
  ) {}

  /** Counts one request of `uid` in `cls`; 429 rate_limited (with Retry-After) past the limit. */
  async take(uid: string, cls: ThrottleClass): Promise<void> {
    const limit = this.limits[cls];
    if (!limit) return;
    const now = this.now();
    const window = Math.floor(now / WINDOW_MS);
    const key = `${cls}\u0000${uid}`;
    let slot = this.slots.get(key);
    if (!slot || slot.window !== window) {
      slot = { window, left: 0, exhausted: false };
      this.slots.set(key, slot);
    }
    for (;;) {
      if (slot.left > 0) {
        slot.left -= 1;
        return;
      }
      if (slot.exhausted) throw limited(cls, limit, Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000)));
      slot.claiming ??= this.refill(slot, uid, cls, limit);
      await slot.claiming;
    }
  }

  private async refill(slot: Slot, uid: string, cls: ThrottleClass, limit: number): Promise<void> {
    try {
      const granted = await this.claim(uid, cls, slot.window, limit);
      if (granted > 0) slot.left += granted;
      else slot.exhausted = true;
    } finally {
      slot.claiming = undefined;
    }
  }

  private async claim(uid: string, cls: ThrottleClass, window: number, limit: number): Promise<number> {
    const db = await this.db();
    const ref = db.collection('users').doc(uid).collection('throttle').doc(cls);
    return db.runTransaction(async (tx) => {
      const data = (await tx.get(ref)).data() as { window?: number; used?: number } | undefined;
      const used = data?.window === window ? (data.used ?? 0) : 0;
      const left = limit - used;
      const granted = Math.min(left, Math.max(1, Math.ceil(left / 10)));
      // expireAt: the TTL policy removes the counter of a person who stopped calling (a minute
      // after its window; Firestore sweeps up to a day late, and a new minute rewrites it anyway).
      if (granted > 0) tx.set(ref, { window, used: used + granted, expireAt: new Date((window + 2) * WINDOW_MS) });
      return granted;
    });
  }
}

function limited(cls: ThrottleClass, limit: number, retryAfterSec: number): AppError {
  return new AppError('rate_limited', `Too many ${cls} requests: at most ${limit} a minute. Try again in ${retryAfterSec} s.`, {
    retryAfterSec,
    details: { class: cls, limit_per_minute: limit, retry_after_sec: retryAfterSec },
  });
}
