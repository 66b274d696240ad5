import type { DocumentReference, Firestore, Timestamp } from '@google-cloud/firestore';

// The reschedule writes of one dispatch run: each moves one user's nextDueAt past the date just
// published, on condition that the settings document is still the one the due query read
// (lastUpdateTime). A user who saved settings meanwhile was rescheduled by that save: their
// write is dropped, never forced.
//
// Writes go out as commits of up to COMMIT_SIZE documents, a few in flight: one request per 500
// users instead of BulkWriter's 20-write batches, which is what dispatch's time went to. A commit
// is atomic, so one lost precondition fails all of it; that commit's writes are then made one
// by one (BulkWriter), so every other user in it is still rescheduled. A write that still fails
// leaves its user due: the next run publishes the same (user, local date) job again and the
// worker's per-date claim keeps that to one digest.

export interface Reschedule {
  ref: DocumentReference;
  updateTime: Timestamp;
  update: Record<string, unknown>;
}

const COMMIT_SIZE = 500;
const IN_FLIGHT = 3;

export class RescheduleWriter {
  private pending: Reschedule[] = [];
  private readonly running = new Set<Promise<void>>();
  written = 0;

  constructor(private readonly db: Firestore) {}

  /** Queues one write; waits only when IN_FLIGHT commits are already running. */
  async add(write: Reschedule): Promise<void> {
    this.pending.push(write);
    if (this.pending.length >= COMMIT_SIZE) await this.flush();
  }

  /** Sends what is queued and waits for every write of the run. */
  async close(): Promise<void> {
    await this.flush();
    await Promise.all(this.running);
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    while (this.running.size >= IN_FLIGHT) await Promise.race(this.running);
    const chunk = this.pending;
    this.pending = [];
    const p = this.commit(chunk).finally(() => this.running.delete(p));
    this.running.add(p);
  }

  private async commit(chunk: Reschedule[]): Promise<void> {
    const batch = this.db.batch();
    for (const w of chunk) batch.update(w.ref, w.update, { lastUpdateTime: w.updateTime });
    try {
      await batch.commit();
      this.written += chunk.length;
    } catch {
      this.written += await this.oneByOne(chunk);
    }
  }

  private async oneByOne(chunk: Reschedule[]): Promise<number> {
    const writer = this.db.bulkWriter({ throttling: false });
    // Lost preconditions are expected here (that is usually why the commit failed): not retried.
    writer.onWriteError(() => false);
    const results = chunk.map((w) =>
      writer.update(w.ref, w.update, { lastUpdateTime: w.updateTime }).then(
        () => 1,
        () => 0,
      ),
    );
    await writer.close();
    return (await Promise.all(results)).reduce<number>((n, ok) => n + ok, 0);
  }
}
