import { createHash } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import { toMillis } from './timestamps';

// cache/{namespace:sha256(key)} — shared, non-personal response cache (e.g. YouTube search,
// which uses an API key and returns the same results for everyone). Entries carry expireAt for
// the TTL policy and are checked in code too.

export class CacheStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    const snap = await (await this.ref(namespace, key)).get();
    const data = snap.data();
    if (!data || toMillis(data.expireAt) <= this.now().getTime()) return undefined;
    return JSON.parse(data.value as string) as T;
  }

  async set(namespace: string, key: string, value: unknown, ttlMs: number): Promise<void> {
    const now = this.now().getTime();
    await (await this.ref(namespace, key)).set({ namespace, value: JSON.stringify(value), createdAt: new Date(now), expireAt: new Date(now + ttlMs) });
  }

  private async ref(namespace: string, key: string) {
    const id = `${namespace}:${createHash('sha256').update(key).digest('hex')}`;
    return (await this.db()).collection('cache').doc(id);
  }
}
