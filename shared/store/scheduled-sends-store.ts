import type { Firestore } from '@google-cloud/firestore';
import { AppError } from '../errors';
import { toMillis } from './timestamps';

// users/{uid}/scheduledSends/{id}: one approved send at a chosen time. Its status only moves
// forward, each step a transaction, so two deliveries of the same task (Cloud Tasks is
// at-least-once) and a cancel racing a delivery resolve to exactly one outcome:
//   pending → sending → sent | failed | unknown,   pending → cancelled.
// A claim left in "sending" past SENDING_LEASE_MS (the instance died mid-send) may be retaken by a
// later delivery: the send runs under an effect id fixed by the send, so that delivery searches
// the provider for the first attempt before sending (shared/effects/run-once.ts).

export type SendKind = 'email' | 'post';
export type SendStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown' | 'cancelled';

/** Longer than the scheduled-send function's timeout: a claim this old belongs to no live delivery. */
const SENDING_LEASE_MS = 3 * 60 * 1000;

export interface ScheduledSend {
  id: string;
  kind: SendKind;
  /** The approved action input, account pinned to the one resolved at scheduling. */
  input: Record<string, unknown>;
  account: string;
  sendAt: string;
  status: SendStatus;
  taskName: string;
  createdAt: string;
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
}

export type ClaimOutcome = { kind: 'claimed'; send: ScheduledSend } | { kind: 'skip'; status: SendStatus | 'missing' };

export class ScheduledSendsStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(uid: string, send: ScheduledSend): Promise<void> {
    const db = await this.db();
    await this.col(db, uid)
      .doc(send.id)
      .create({ ...send, sendAt: new Date(send.sendAt), createdAt: new Date(send.createdAt) });
  }

  async get(uid: string, id: string): Promise<ScheduledSend | undefined> {
    const snap = await this.col(await this.db(), uid)
      .doc(id)
      .get();
    return snap.exists ? fromDoc(snap.data() as Record<string, unknown>) : undefined;
  }

  async list(uid: string, status: SendStatus | undefined, limit: number): Promise<ScheduledSend[]> {
    const col = this.col(await this.db(), uid);
    const q = (status ? col.where('status', '==', status) : col).orderBy('sendAt', 'desc').limit(limit);
    return (await q.get()).docs.map((d) => fromDoc(d.data()));
  }

  /** pending → sending, for the one delivery that sends; every other delivery learns why not. */
  async claim(uid: string, id: string): Promise<ClaimOutcome> {
    const now = this.now();
    return this.transition(uid, id, (s, claimedAt) => {
      const stale = s.status === 'sending' && now.getTime() - claimedAt >= SENDING_LEASE_MS;
      return s.status === 'pending' || stale ? { status: 'sending', claimedAt: now } : undefined;
    });
  }

  /** pending → cancelled; anything else is refused with 409 saying where it is. */
  async cancel(uid: string, id: string): Promise<ScheduledSend> {
    const out = await this.transition(uid, id, (s) => (s.status === 'pending' ? { status: 'cancelled', cancelledAt: this.now() } : undefined));
    if (out.kind === 'claimed') return { ...out.send, status: 'cancelled' };
    if (out.status === 'missing') throw new AppError('not_found', 'No scheduled send has this id.');
    throw new AppError('conflict', `This send can no longer be cancelled: it is ${out.status}.`, { details: { status: out.status } });
  }

  async finish(uid: string, id: string, outcome: Pick<ScheduledSend, 'status' | 'result' | 'error'>): Promise<void> {
    const db = await this.db();
    await this.col(db, uid)
      .doc(id)
      .update({ status: outcome.status, result: outcome.result ?? null, error: outcome.error ?? null, finishedAt: this.now() });
  }

  private async transition(uid: string, id: string, next: (s: ScheduledSend, claimedAt: number) => Record<string, unknown> | undefined): Promise<ClaimOutcome> {
    const db = await this.db();
    const ref = this.col(db, uid).doc(id);
    return db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) return { kind: 'skip', status: 'missing' } as ClaimOutcome;
      const data = snap.data() as Record<string, unknown>;
      const send = fromDoc(data);
      const change = next(send, toMillis(data.claimedAt));
      if (!change) return { kind: 'skip', status: send.status } as ClaimOutcome;
      tx.update(ref, change);
      return { kind: 'claimed', send } as ClaimOutcome;
    });
  }

  private col(db: Firestore, uid: string) {
    return db.collection('users').doc(uid).collection('scheduledSends');
  }
}

function fromDoc(d: Record<string, unknown>): ScheduledSend {
  return {
    id: String(d.id),
    kind: d.kind as SendKind,
    input: d.input as Record<string, unknown>,
    account: String(d.account),
    sendAt: new Date(toMillis(d.sendAt)).toISOString(),
    status: d.status as SendStatus,
    taskName: String(d.taskName),
    createdAt: new Date(toMillis(d.createdAt)).toISOString(),
    ...(d.result ? { result: d.result as Record<string, unknown> } : {}),
    ...(d.error ? { error: d.error as ScheduledSend['error'] } : {}),
  };
}
