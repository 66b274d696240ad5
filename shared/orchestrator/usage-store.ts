import type { Firestore } from '@google-cloud/firestore';

// users/{uid}/usage/{YYYY-MM-DD} (UTC day): Gemini tokens the user spent that day, chat and digest
// summary alike, thinking included (gemini-usage.ts); `thoughtTokens` says how many of them were
// thinking, where the caller knows. Read once when a turn starts and incremented once when it ends: the loop
// counts in memory in between, so the budget costs no Firestore write per model step. Two turns
// running at once can each start under the budget and end slightly over it; the budget bounds
// cost, it is not a billing ledger.

const RETAIN_MS = 40 * 24 * 60 * 60 * 1000;

export function usageDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export class UsageStore {
  constructor(private readonly db: () => Promise<Firestore>) {}

  async tokensOn(uid: string, day: string): Promise<number> {
    const snap = await this.ref(await this.db(), uid, day).get();
    return Number(snap.data()?.tokens ?? 0);
  }

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
