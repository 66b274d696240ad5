import { createHash } from 'node:crypto';
import type { Firestore, Transaction } from '@google-cloud/firestore';
import { AppError } from '../errors';
import { canonicalJson } from '../store/idempotency';
import { toMillis } from '../store/timestamps';
import type { Preview } from '../actions/preview';
import type { ApprovalStatus, ApprovalView, ToolResponse } from './types';

// users/{uid}/toolApprovals/{id}: a tool call the model (chat) or an MCP client made that a
// person must approve first. A chat approval answers a call of its conversation; an MCP one has
// no conversation: its client reads the outcome back (get_approval_result).
// It holds the exact arguments (and their canonical hash), the preview shown, and a 15-minute
// expiry checked in code (expireAt drives the TTL policy, which deletes the record later).
// pending → executing → executed | failed, or pending → denied | superseded. The move out of
// pending is a transaction: of two concurrent decisions exactly one wins, so an approved call
// runs once — the approval id is the call's idempotency key.

export const APPROVAL_TTL_MS = 15 * 60 * 1000;
/** Longer than any function's timeout: an execution older than this will never report back. */
const EXECUTION_LEASE_MS = 10 * 60 * 1000;
export const OUTCOME_UNKNOWN: ToolResponse = {
  error: { code: 'outcome_unknown', message: 'The approved action started but did not report back; check whether it happened before trying again.' },
};
const RETAIN_MS = 30 * 24 * 60 * 60 * 1000;

/** Who asked: the chat orchestrator (a conversation waits) or an MCP client (nothing waits). */
export type ApprovalSource = 'chat' | 'mcp';

export interface ToolApproval {
  id: string;
  source: ApprovalSource;
  /** The conversation whose open step this call belongs to (chat approvals only). */
  conversationId?: string;
  tool: string;
  effect: string;
  args: Record<string, unknown>;
  argsHash: string;
  preview: Preview;
  status: ApprovalStatus;
  createdAtMs: number;
  expiresAtMs: number;
  /** For an approved result (a frozen receipt): the values its follow-up steps run with. */
  binding?: Record<string, string>;
  result?: ToolResponse;
}

export function argsHash(tool: string, args: unknown): string {
  return createHash('sha256').update(canonicalJson({ tool, args })).digest('hex');
}

export class ToolApprovalStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  createInTx(tx: Transaction, db: Firestore, uid: string, a: ToolApproval): void {
    tx.create(this.ref(db, uid, a.id), toDoc(a));
  }

  /** An approval nothing else is written with (an MCP client's call). */
  async create(uid: string, a: ToolApproval): Promise<void> {
    await this.ref(await this.db(), uid, a.id).create(toDoc(a));
  }

  async get(uid: string, id: string): Promise<ToolApproval | undefined> {
    const snap = await this.ref(await this.db(), uid, id).get();
    return snap.exists ? fromDoc(snap.data()) : undefined;
  }

  async listPending(uid: string): Promise<ToolApproval[]> {
    const db = await this.db();
    const snaps = await db.collection('users').doc(uid).collection('toolApprovals').where('status', '==', 'pending').limit(100).get();
    const now = this.now().getTime();
    return snaps.docs
      .map((d) => fromDoc(d.data()))
      .filter((a) => a.expiresAtMs > now)
      .sort((a, b) => a.createdAtMs - b.createdAtMs);
  }

  /** The most recent approvals, newest first, whatever their status (the console's history). */
  async listRecent(uid: string, limit = 50): Promise<ToolApproval[]> {
    const db = await this.db();
    const snaps = await db.collection('users').doc(uid).collection('toolApprovals').orderBy('createdAt', 'desc').limit(limit).get();
    return snaps.docs.map((d) => fromDoc(d.data()));
  }

  /** pending → executing (approve) or denied; unknown → 404, decided or expired → 409. */
  async claim(uid: string, id: string, decision: 'approve' | 'deny'): Promise<ToolApproval> {
    const db = await this.db();
    const ref = this.ref(db, uid, id);
    const outcome = await db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) return { kind: 'missing' as const };
      const a = fromDoc(snap.data());
      if (a.status !== 'pending') return { kind: 'decided' as const, a };
      if (a.expiresAtMs <= this.now().getTime()) {
        tx.update(ref, { status: 'expired' });
        return { kind: 'expired' as const, a };
      }
      const status: ApprovalStatus = decision === 'approve' ? 'executing' : 'denied';
      tx.update(ref, { status, decidedAt: this.now() });
      return { kind: 'claimed' as const, a: { ...a, status } };
    });
    if (outcome.kind === 'missing') throw new AppError('not_found', `No approval ${id} of yours exists.`);
    if (outcome.kind === 'claimed') return outcome.a;
    const status = outcome.kind === 'expired' ? 'expired' : outcome.a.status;
    throw new AppError(
      'conflict',
      outcome.kind === 'expired'
        ? 'This approval expired; ask the assistant again.'
        : `This approval was already decided (${status}); an approval is used once.`,
      { details: { approval_id: id, status } },
    );
  }

  async finish(uid: string, id: string, status: 'executed' | 'failed', result: ToolResponse): Promise<void> {
    await this.ref(await this.db(), uid, id).update({ status, result: JSON.stringify(result), finishedAt: this.now() });
  }

  /**
   * The user moved on: still-pending approvals can no longer be approved. Returns the ids whose
   * execution started but never reported back (the instance died): their outcome is unknown.
   */
  async supersede(uid: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const db = await this.db();
    return db.runTransaction(async (tx) => {
      const snaps = await Promise.all(ids.map((id) => tx.get(this.ref(db, uid, id))));
      const now = this.now().getTime();
      const running = snaps.filter((s) => s.data()?.status === 'executing');
      if (running.some((s) => toMillis(s.data()?.decidedAt) + EXECUTION_LEASE_MS > now)) {
        throw new AppError('conflict', 'An approved action of this conversation is running; send your message again in a moment.');
      }
      for (const s of snaps) if (s.data()?.status === 'pending') tx.update(s.ref, { status: 'superseded', decidedAt: this.now() });
      for (const s of running) tx.update(s.ref, { status: 'failed', result: JSON.stringify(OUTCOME_UNKNOWN) });
      return running.map((s) => s.id);
    });
  }

  private ref(db: Firestore, uid: string, id: string) {
    return db.collection('users').doc(uid).collection('toolApprovals').doc(id);
  }
}

export function approvalView(a: ToolApproval, now: number): ApprovalView {
  const status = a.status === 'pending' && a.expiresAtMs <= now ? 'expired' : a.status;
  return {
    id: a.id,
    source: a.source,
    conversation_id: a.conversationId ?? null,
    tool: a.tool,
    effect: a.effect,
    status,
    args: a.args,
    args_hash: a.argsHash,
    preview: a.preview,
    created_at: new Date(a.createdAtMs).toISOString(),
    expires_at: new Date(a.expiresAtMs).toISOString(),
  };
}

function toDoc(a: ToolApproval) {
  return {
    id: a.id,
    source: a.source,
    conversationId: a.conversationId ?? null,
    tool: a.tool,
    effect: a.effect,
    args: JSON.stringify(a.args),
    argsHash: a.argsHash,
    preview: JSON.stringify(a.preview),
    status: a.status,
    createdAt: new Date(a.createdAtMs),
    expiresAt: new Date(a.expiresAtMs),
    expireAt: new Date(a.createdAtMs + RETAIN_MS),
    binding: a.binding ?? null,
  };
}

function fromDoc(d: FirebaseFirestore.DocumentData | undefined): ToolApproval {
  if (!d) throw new AppError('internal', 'Approval record vanished.');
  return {
    id: String(d.id),
    // Records written before MCP existed carry no source: they are chat's.
    source: d.source === 'mcp' ? 'mcp' : 'chat',
    conversationId: typeof d.conversationId === 'string' ? d.conversationId : undefined,
    tool: String(d.tool),
    effect: String(d.effect),
    args: JSON.parse(String(d.args)) as Record<string, unknown>,
    argsHash: String(d.argsHash),
    preview: JSON.parse(String(d.preview)) as Preview,
    status: d.status as ApprovalStatus,
    createdAtMs: toMillis(d.createdAt),
    expiresAtMs: toMillis(d.expiresAt),
    binding: d.binding ?? undefined,
    result: typeof d.result === 'string' ? (JSON.parse(d.result) as ToolResponse) : undefined,
  };
}
