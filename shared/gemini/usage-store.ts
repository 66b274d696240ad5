import type { Firestore } from '@google-cloud/firestore';

// users/{uid}/usage/{YYYY-MM-DD} (UTC day): Gemini tokens (usageMetadata.totalTokenCount) the
// user spent that day (`tokens`) and tokens held by model steps still running (`reserved`).
// Before each model step a transaction reserves up to `stepReserve` of what is left (nothing
// left → the step does not start); after it, the reservation is settled into `tokens`. So
// concurrent turns cannot all start on the same last token: what one holds, the next cannot see.
// A step may spend more than it reserved (the model says afterwards); the day then ends slightly
// over, never by more than one step's overshoot per concurrent turn.

const RETAIN_MS = 40 * 24 * 60 * 60 * 1000;

export function usageDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export interface TokenGrant {
  day: string;
  reserved: number;
}

export class UsageStore {
  constructor(private readonly db: () => Promise<Firestore>) {}

  /** Tokens spent that day (the digest summary checks it before asking the model). */
  async tokensOn(uid: string, day: string): Promise<number> {
    const snap = await this.ref(await this.db(), uid, day).get();
    return Number(snap.data()?.tokens ?? 0);
  }

  /** Holds up to `want` tokens of the day's budget; undefined when nothing is left. */
  async reserve(uid: string, now: Date, budget: number, want: number): Promise<TokenGrant | undefined> {
    const db = await this.db();
    const day = usageDay(now);
    const ref = this.ref(db, uid, day);
    return db.runTransaction(async (tx) => {
      const data = (await tx.get(ref)).data();
      const left = budget - Number(data?.tokens ?? 0) - Number(data?.reserved ?? 0);
      if (left <= 0) return undefined;
      const reserved = Math.min(left, want);
      tx.set(ref, { day, reserved: Number(data?.reserved ?? 0) + reserved, updatedAt: now, expireAt: new Date(now.getTime() + RETAIN_MS) }, { merge: true });
      return { day, reserved };
    });
  }

  /** Releases a reservation and counts what the step really spent (0 when the model failed). */
  async settle(uid: string, grant: TokenGrant, spent: number, now: Date, cachedTokens = 0): Promise<void> {
    const db = await this.db();
    const { FieldValue } = await import('@google-cloud/firestore');
    const cached = cachedTokens > 0 ? { cachedTokens: FieldValue.increment(cachedTokens) } : {};
    await this.ref(db, uid, grant.day).set(
      { tokens: FieldValue.increment(Math.max(0, spent)), reserved: FieldValue.increment(-grant.reserved), ...cached, updatedAt: now },
      { merge: true },
    );
  }

  /** Counts tokens spent outside a chat turn (the digest summary), thinking included. */
  async add(uid: string, day: string, tokens: number, now: Date, detail: { thoughtTokens?: number; cachedTokens?: number } = {}): Promise<void> {
    if (tokens <= 0) return;
    const db = await this.db();
    const { FieldValue } = await import('@google-cloud/firestore');
    const thoughts = detail.thoughtTokens ?? 0;
    const cached = detail.cachedTokens ?? 0;
    await this.ref(db, uid, day).set(
      {
        day,
        tokens: FieldValue.increment(tokens),
        ...(thoughts > 0 ? { thoughtTokens: FieldValue.increment(thoughts) } : {}),
        ...(cached > 0 ? { cachedTokens: FieldValue.increment(cached) } : {}),
        updatedAt: now,
        expireAt: new Date(now.getTime() + RETAIN_MS),
      },
      { merge: true },
    );
  }

  private ref(db: Firestore, uid: string, day: string) {
    return db.collection('users').doc(uid).collection('usage').doc(day);
  }
}
