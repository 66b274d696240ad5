import { createHash } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import { BoundedMap } from './bounded-map';
import { toMillis } from './timestamps';

// cache/{namespace:sha256(key)} — shared, non-personal response cache (e.g. YouTube search,
// which uses an API key and returns the same results for everyone). Entries carry expireAt for
// the TTL policy and are checked in code too.
//
// Each instance also keeps the entries it has seen in memory until the same expireAt, so a
// repeated query is answered without a Firestore read (a read costs money and ~5–10 ms; the
// entry cannot change before it expires, since set() only ever writes a fresh result). The
// memory copy is bounded by total JSON size and stored as text, so callers get their own object.

const MEMORY_BUDGET_CHARS = 8 * 1024 * 1024;

interface Remembered {
  json: string;
  expireAt: number;
}

export class CacheStore {
  private readonly memory = new BoundedMap<string, Remembered>(MEMORY_BUDGET_CHARS, (r) => Math.max(1, r.json.length));

  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    const id = cacheId(namespace, key);
    const now = this.now().getTime();
    const seen = this.memory.get(id);
    if (seen && seen.expireAt > now) return JSON.parse(seen.json) as T;
    const data = (await this.read(id)).data();
    if (!data) return undefined;
    const expireAt = toMillis(data.expireAt);
    if (expireAt <= now) return undefined;
    const json = data.value as string;
    this.remember(id, json, expireAt);
    return JSON.parse(json) as T;
  }

  async set(namespace: string, key: string, value: unknown, ttlMs: number): Promise<void> {
    const id = cacheId(namespace, key);
    const now = this.now().getTime();
    const json = JSON.stringify(value);
    await (await this.doc(id)).set({ namespace, value: json, createdAt: new Date(now), expireAt: new Date(now + ttlMs) });
    this.remember(id, json, now + ttlMs);
  }

  /** Forgets what this instance holds in memory (after the collection was changed underneath). */
  forgetRemembered(): void {
    this.memory.clear();
  }

  private remember(id: string, json: string, expireAt: number): void {
    if (json.length <= MEMORY_BUDGET_CHARS / 8) this.memory.set(id, { json, expireAt });
  }

  private async read(id: string) {
    return (await this.doc(id)).get();
  }

  private async doc(id: string) {
    return (await this.db()).collection('cache').doc(id);
  }
}

function cacheId(namespace: string, key: string): string {
  return `${namespace}:${createHash('sha256').update(key).digest('hex')}`;
}
