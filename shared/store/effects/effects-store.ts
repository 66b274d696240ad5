import type { Firestore, Transaction } from '@google-cloud/firestore';
import { AppError } from '../../errors';
import { effectPaths } from './effect-paths';
import { type ChainEntry, type ChainEvent, type ChainHead, nextEntry } from './effect-chain';
import { type EffectRecord, EffectRecordSchema, type EffectSubject, type Settlement, UNSETTLED } from './effect-record';

// The effect records and each user's hash-chained log of their outcomes (users/{uid}/effectLog/{seq},
// head at users/{uid}/effectChain/head). A write touches only its own record (one small
// transaction, no shared document: a user's concurrent writes do not contend); a record settled
// to applied/not_applied is marked `toSeal`, and `seal` — run by the reconciler, one writer per
// user — appends those outcomes to the chain in order.

const RETAIN_MS = 90 * 24 * 60 * 60 * 1000;

export type Begun = { kind: 'new' | 'in_doubt'; record: EffectRecord } | { kind: 'applied'; record: EffectRecord };

export class EffectStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Starts an attempt of an effect. A first attempt (or one after `not_applied`) is 'new'; one after
   * a lost answer or a dead instance is 'in_doubt' (look at the provider before sending again);
   * an applied effect is not attempted again.
   */
  async begin(uid: string, s: EffectSubject): Promise<Begun> {
    const db = await this.db();
    return db.runTransaction(async (tx) => {
      const snap = await tx.get(this.ref(db, uid, s.effectId));
      const now = this.now().getTime();
      const old = snap.exists ? EffectRecordSchema.parse(snap.data()) : undefined;
      if (old && old.argsHash !== s.argsHash) throw new AppError('conflict', 'This effect id was already used for other arguments.');
      if (old?.status === 'applied') return { kind: 'applied', record: old } as Begun;
      const record: EffectRecord = old
        ? { ...old, status: 'pending', attempts: old.attempts + 1, updatedAtMs: now }
        : { ...s, status: 'pending', providerId: null, output: null, error: null, attempts: 1, createdAtMs: now, updatedAtMs: now };
      this.put(tx, db, uid, record, false);
      return { kind: old && old.status !== 'not_applied' ? 'in_doubt' : 'new', record } as Begun;
    });
  }

  /** Records how an attempt ended. A settled effect stays settled (a late report changes nothing). */
  async settle(uid: string, effectId: string, outcome: Settlement): Promise<EffectRecord> {
    const db = await this.db();
    return db.runTransaction(async (tx) => {
      const snap = await tx.get(this.ref(db, uid, effectId));
      if (!snap.exists) throw new AppError('internal', `Effect ${effectId} vanished.`);
      const old = EffectRecordSchema.parse(snap.data());
      if (!UNSETTLED.includes(old.status)) return old;
      const base = { ...old, status: outcome.status, updatedAtMs: this.now().getTime() };
      const record: EffectRecord =
        outcome.status === 'applied'
          ? { ...base, providerId: outcome.providerId, output: JSON.stringify(outcome.output), account: outcome.account ?? old.account, error: null }
          : { ...base, error: JSON.stringify(outcome.error) };
      this.put(tx, db, uid, record, outcome.status !== 'unknown');
      return record;
    });
  }

  async get(uid: string, effectId: string): Promise<EffectRecord | undefined> {
    const snap = await this.ref(await this.db(), uid, effectId).get();
    return snap.exists ? EffectRecordSchema.parse(snap.data()) : undefined;
  }

  /** Effects (of every user) still pending or unknown whose last change is older than `before`. */
  async unsettled(before: Date, limit = 200): Promise<{ uid: string; record: EffectRecord }[]> {
    const db = await this.db();
    const snaps = await db
      .collectionGroup('effects')
      .where('status', 'in', [...UNSETTLED])
      .where('updatedAt', '<', before)
      .limit(limit)
      .get();
    return snaps.docs.map((d) => ({ uid: d.ref.parent.parent?.id ?? '', record: EffectRecordSchema.parse(d.data()) }));
  }

  async chain(uid: string): Promise<{ entries: ChainEntry[]; head: ChainHead | undefined }> {
    const db = await this.db();
    const [snaps, head] = await Promise.all([effectPaths.entries(db, uid).orderBy('seq').get(), effectPaths.head(db, uid).get()]);
    const h = head.data();
    return {
      entries: snaps.docs.map((d) => d.data() as ChainEntry),
      head: h ? { seq: Number(h.seq), hash: String(h.hash) } : undefined,
    };
  }

  private put(tx: Transaction, db: Firestore, uid: string, record: EffectRecord, toSeal: boolean): void {
    const expireAt = new Date(record.createdAtMs + RETAIN_MS);
    tx.set(effectPaths.effect(db, uid, record.effectId), { ...record, toSeal, updatedAt: new Date(record.updatedAtMs), expireAt });
  }

  /** Appends the user's newly settled outcomes to their chain, oldest first; returns how many. */
  async seal(uid: string, limit = 200): Promise<number> {
    const db = await this.db();
    // Found outside the transaction, re-read inside it: the transaction locks documents, not a query range.
    const found = await effectPaths.effects(db, uid).where('toSeal', '==', true).orderBy('updatedAt').limit(limit).get();
    if (found.empty) return 0;
    return db.runTransaction(async (tx) => {
      const [head, ...docs] = await Promise.all([this.head(tx, db, uid), ...found.docs.map((d) => tx.get(d.ref))]);
      let last = head;
      let sealed = 0;
      for (const doc of docs) {
        if (doc.data()?.toSeal !== true) continue;
        const { effectId, tool, approvalId, argsHash, account, providerId, status, updatedAtMs } = EffectRecordSchema.parse(doc.data());
        const entry = nextEntry(last, {
          effectId,
          event: status as ChainEvent,
          tool,
          approvalId,
          argsHash,
          account,
          providerId,
          at: new Date(updatedAtMs).toISOString(),
        });
        tx.create(effectPaths.entry(db, uid, entry.seq), entry);
        tx.update(doc.ref, { toSeal: false });
        last = entry;
        sealed += 1;
      }
      if (last && last !== head) tx.set(effectPaths.head(db, uid), { seq: last.seq, hash: last.hash });
      return sealed;
    });
  }

  /** Users with outcomes not yet in their chain. */
  async usersToSeal(limit = 1000): Promise<string[]> {
    const db = await this.db();
    const snaps = await db.collectionGroup('effects').where('toSeal', '==', true).limit(limit).get();
    return [...new Set(snaps.docs.map((d) => d.ref.parent.parent?.id ?? '').filter(Boolean))];
  }

  private async head(tx: Transaction, db: Firestore, uid: string): Promise<ChainHead | undefined> {
    const data = (await tx.get(effectPaths.head(db, uid))).data();
    return data ? { seq: Number(data.seq), hash: String(data.hash) } : undefined;
  }

  private ref(db: Firestore, uid: string, effectId: string) {
    return effectPaths.effect(db, uid, effectId);
  }
}
