import type { DocumentReference, Firestore, Timestamp } from '@google-cloud/firestore';
import { z } from 'zod';
import { isAlreadyExists, isFailedPrecondition } from '../store/firestore-errors';
import { toMillis } from '../store/timestamps';

// users/{uid}/digests/{localDate}: the one digest of a user's local date, and the claim that
// makes it one. A worker claims the date (create(): atomic, no transaction contention between
// duplicates) before building; a claim whose worker died is taken over in a transaction once its
// lease ends. The mail is sent only after the claim is moved to 'sending' by compare-and-set, so
// a worker that lost its claim never sends. A claim found in 'sending' after its lease is not
// sent again (Gmail has no idempotency key): at most one mail, recorded as 'send_unknown'.

const LEASE_MS = 2 * 60 * 1000;
const NOT_FOUND = 5;
const TTL_MS = 90 * 24 * 60 * 60 * 1000;

export type DigestState = 'building' | 'sending' | 'sent' | 'reconnect_required' | 'skipped' | 'failed' | 'send_unknown';
const TERMINAL: ReadonlySet<string> = new Set(['sent', 'reconnect_required', 'skipped', 'failed', 'send_unknown']);

export const StoredDigest = z.looseObject({
  localDate: z.string(),
  state: z.enum(['building', 'sending', 'sent', 'reconnect_required', 'skipped', 'failed', 'send_unknown']),
  subject: z.string().optional(),
  text: z.string().optional(),
  sentTo: z.string().optional(),
  sentAt: z.string().optional(),
  notice: z.looseObject({ code: z.string(), message: z.string(), connectUrl: z.string().optional() }).optional(),
  counts: z.record(z.string(), z.number()).optional(),
});
export type StoredDigest = z.infer<typeof StoredDigest>;

export type Claim = { kind: 'claimed'; ref: DocumentReference; updateTime: Timestamp } | { kind: 'done' } | { kind: 'in_progress' };

export class DigestStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date,
  ) {}

  async claim(uid: string, localDate: string): Promise<Claim> {
    const db = await this.db();
    const ref = db.collection('users').doc(uid).collection('digests').doc(localDate);
    const now = this.now().getTime();
    const fresh = {
      localDate,
      state: 'building',
      leaseUntil: new Date(now + LEASE_MS),
      attempts: 1,
      createdAt: new Date(now),
      expireAt: new Date(now + TTL_MS),
    };
    try {
      const res = await ref.create(fresh);
      return { kind: 'claimed', ref, updateTime: res.writeTime };
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
    // Most collisions are duplicates of a finished or running job: a plain read settles those.
    const seen = await ref.get();
    const seenState: unknown = seen.get('state');
    if (typeof seenState === 'string' && TERMINAL.has(seenState)) return { kind: 'done' };
    if (toMillis(seen.get('leaseUntil')) > now) return { kind: 'in_progress' };
    return this.takeOver(db, ref, now);
  }

  /** A claim whose lease ran out: taken over in a transaction (one of several takers wins). */
  private async takeOver(db: Firestore, ref: DocumentReference, now: number): Promise<Claim> {
    const outcome = await db.runTransaction(async (tx): Promise<'done' | 'in_progress' | 'taken_over'> => {
      const snap = await tx.get(ref);
      const state: unknown = snap.get('state');
      if (typeof state === 'string' && TERMINAL.has(state)) return 'done';
      if (!snap.exists || toMillis(snap.get('leaseUntil')) > now) return 'in_progress';
      if (state === 'sending') {
        tx.update(ref, { state: 'send_unknown', leaseUntil: null });
        return 'done';
      }
      tx.update(ref, { leaseUntil: new Date(now + LEASE_MS), attempts: Number(snap.get('attempts') ?? 1) + 1 });
      return 'taken_over';
    });
    if (outcome !== 'taken_over') return { kind: outcome };
    // Ours for the lease: nobody else may take it over before it ends.
    const snap = await ref.get();
    return snap.updateTime ? { kind: 'claimed', ref, updateTime: snap.updateTime } : { kind: 'in_progress' };
  }

  /** Moves the claim to 'sending'; undefined if another worker took it over meanwhile. */
  async startSending(claim: Extract<Claim, { kind: 'claimed' }>): Promise<Timestamp | undefined> {
    try {
      const res = await claim.ref.update({ state: 'sending', leaseUntil: new Date(this.now().getTime() + LEASE_MS) }, { lastUpdateTime: claim.updateTime });
      return res.writeTime;
    } catch (e) {
      if (isFailedPrecondition(e)) return undefined;
      throw e;
    }
  }

  async finish(ref: DocumentReference, state: DigestState, fields: Record<string, unknown>): Promise<void> {
    await ref.update({ ...fields, state, finishedAt: this.now().toISOString(), leaseUntil: null });
  }

  /** Gives the date back (a failure before sending) so a redelivery can build it again. */
  async release(claim: Extract<Claim, { kind: 'claimed' }>): Promise<void> {
    // Lost (taken over, or already given back): nothing of ours to release.
    await claim.ref.delete({ lastUpdateTime: claim.updateTime }).catch((e: unknown) => {
      if (!isFailedPrecondition(e) && (e as { code?: unknown }).code !== NOT_FOUND) throw e;
    });
  }

  async recent(uid: string, limit: number): Promise<StoredDigest[]> {
    const snap = await (await this.db()).collection('users').doc(uid).collection('digests').orderBy('localDate', 'desc').limit(limit).get();
    return snap.docs.map((d) => StoredDigest.parse(d.data()));
  }
}
