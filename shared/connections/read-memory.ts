import { BoundedMap } from '../store/bounded-map';

// What an instance remembers of its recent Firestore reads, for callers that accept an answer up
// to some age instead of another round trip. A read is remembered only if no write went through
// this memory while it was in flight: otherwise the remembered value could predate that write.

export class ReadMemory<T> {
  private readonly reads: BoundedMap<string, { readAt: number; value: T }>;
  /** Moves on with every forget(); a read that spans one is not remembered. */
  private epoch = 0;

  constructor(
    maxEntries: number,
    private readonly now: () => number,
  ) {
    this.reads = new BoundedMap(maxEntries);
  }

  /** The value read for `key` at most `maxAgeMs` ago, if any. */
  recall(key: string, maxAgeMs: number): T | undefined {
    const read = maxAgeMs > 0 ? this.reads.get(key) : undefined;
    return read && this.now() - read.readAt < maxAgeMs ? read.value : undefined;
  }

  /** Call as a read starts; the returned function records its result. */
  reading(key: string): (value: T) => void {
    const readAt = this.now();
    const epoch = this.epoch;
    return (value) => {
      if (epoch === this.epoch) this.reads.set(key, { readAt, value });
    };
  }

  /** Before and after every write of what `key` covers. */
  forget(key: string): void {
    this.epoch += 1;
    this.reads.delete(key);
  }

  clear(): void {
    this.epoch += 1;
    this.reads.clear();
  }
}
