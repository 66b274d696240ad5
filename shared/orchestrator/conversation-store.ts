import type { Firestore, Transaction } from '@google-cloud/firestore';
import { AppError } from '../errors';
import { ContentSchema, type Content } from '../gemini/gemini-schemas';
import type { NewTurn, OpenCall, OpenStep } from './types';

// users/{uid}/conversations/{cid} holds the conversation's head (version, turn count, the open
// step awaiting approvals); each turn is its own document under turns/{seq}, so no document grows
// with the conversation. Turns hold Gemini's content as JSON text, byte for byte what was
// received (thought signatures included), so any instance can continue the conversation.
// Every write is a transaction that checks the head's version: two requests racing on one
// conversation cannot interleave their turns.

/** Turns sent back to the model: the most recent ones, starting at a user message. */
export const HISTORY_WINDOW = 120;

export interface ConversationHead {
  id: string;
  exists: boolean;
  version: number;
  turnCount: number;
  openStep?: OpenStep;
}

export interface Conversation extends ConversationHead {
  history: Content[];
}

export interface Commit {
  turns: NewTurn[];
  openStep: OpenStep | null;
  title?: string;
  lastReply?: string;
  /** More writes in the same transaction (the approvals of a new open step). */
  alsoWrite?: (tx: Transaction, db: Firestore) => void;
}

export type AnswerOutcome = { kind: 'stale' } | { kind: 'waiting'; head: ConversationHead } | { kind: 'complete'; head: ConversationHead };

export class ConversationStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async load(uid: string, cid: string): Promise<Conversation | undefined> {
    const db = await this.db();
    const ref = this.head(db, uid, cid);
    const [snap, turns] = await Promise.all([ref.get(), ref.collection('turns').orderBy('seq', 'desc').limit(HISTORY_WINDOW).get()]);
    if (!snap.exists) return undefined;
    const docs = turns.docs.map((d) => d.data()).reverse();
    // The window must open on a plain user message: a functionResponse without its call is refused.
    const start = Math.max(
      0,
      docs.findIndex((d) => d.kind === 'message' && !String(d.content).includes('"functionResponse"')),
    );
    const history = docs.slice(start).map((d) => ContentSchema.parse(JSON.parse(String(d.content))));
    return { ...headOf(cid, snap.data()), history: mergeAdjacent(history) };
  }

  /** Appends turns and sets the open step, if the head is still at `base.version`. */
  async commit(uid: string, base: ConversationHead, change: Commit): Promise<ConversationHead> {
    const db = await this.db();
    const ref = this.head(db, uid, base.id);
    return db.runTransaction(async (tx) => {
      const current = headOf(base.id, (await tx.get(ref)).data());
      if (current.version !== base.version) throw changedMeanwhile(base.id);
      const now = this.now();
      change.turns.forEach((t, i) => tx.create(ref.collection('turns').doc(seqId(current.turnCount + i)), turnDoc(current.turnCount + i, t, now)));
      const next = {
        ...current,
        exists: true,
        version: current.version + 1,
        turnCount: current.turnCount + change.turns.length,
        openStep: change.openStep ?? undefined,
      };
      const fields = {
        version: next.version,
        turnCount: next.turnCount,
        openStep: change.openStep ? JSON.stringify(change.openStep) : null,
        updatedAt: now,
        ...(change.lastReply !== undefined ? { lastReply: change.lastReply.slice(0, 2000) } : {}),
      };
      if (current.exists) tx.update(ref, fields);
      else tx.create(ref, { ...fields, title: (change.title ?? '').slice(0, 120), createdAt: now });
      change.alsoWrite?.(tx, db);
      return next;
    });
  }

  /** Records a decided call of the open step; the last one closes the step with a functionResponse turn. */
  async answer(uid: string, cid: string, approvalId: string, response: OpenCall['response']): Promise<AnswerOutcome> {
    const db = await this.db();
    const ref = this.head(db, uid, cid);
    return db.runTransaction(async (tx) => {
      const current = headOf(cid, (await tx.get(ref)).data());
      const calls = current.openStep?.calls.map((c) => (c.approvalId === approvalId ? { ...c, response } : c));
      if (!calls || !current.openStep?.calls.some((c) => c.approvalId === approvalId)) return { kind: 'stale' } as AnswerOutcome;
      const now = this.now();
      const complete = calls.every((c) => c.response);
      if (complete)
        tx.create(
          ref.collection('turns').doc(seqId(current.turnCount)),
          turnDoc(current.turnCount, { kind: 'tool_results', content: responsesContent(calls) }, now),
        );
      const head: ConversationHead = {
        ...current,
        version: current.version + 1,
        turnCount: current.turnCount + (complete ? 1 : 0),
        openStep: complete ? undefined : { calls },
      };
      tx.update(ref, { version: head.version, turnCount: head.turnCount, openStep: head.openStep ? JSON.stringify(head.openStep) : null, updatedAt: now });
      return { kind: complete ? 'complete' : 'waiting', head } as AnswerOutcome;
    });
  }

  private head(db: Firestore, uid: string, cid: string) {
    return db.collection('users').doc(uid).collection('conversations').doc(cid);
  }
}

/** The user turn answering every call of a step, in the order the model made them. */
export function responsesContent(calls: OpenCall[]): Content {
  const parts = [...calls]
    .sort((a, b) => a.index - b.index)
    .map((c) => ({
      functionResponse: {
        name: c.name,
        ...(c.callId ? { id: c.callId } : {}),
        response: c.response ?? { error: { code: 'not_answered', message: 'No result.' } },
      },
    }));
  return { role: 'user', parts };
}

/**
 * Joins consecutive turns of one role (tool results, then the user's next message, when a turn
 * ended without a model reply), so the history always alternates as Gemini expects.
 */
export function mergeAdjacent(contents: Content[]): Content[] {
  const out: Content[] = [];
  for (const c of contents) {
    const prev = out.at(-1);
    if (prev && prev.role === c.role) out[out.length - 1] = { ...prev, parts: [...prev.parts, ...c.parts] };
    else out.push(c);
  }
  return out;
}

function headOf(id: string, data: FirebaseFirestore.DocumentData | undefined): ConversationHead {
  if (!data) return { id, exists: false, version: 0, turnCount: 0 };
  const open = typeof data.openStep === 'string' ? (JSON.parse(data.openStep) as OpenStep) : undefined;
  return { id, exists: true, version: Number(data.version ?? 0), turnCount: Number(data.turnCount ?? 0), openStep: open };
}

function turnDoc(seq: number, t: NewTurn, now: Date) {
  return { seq, role: t.content.role ?? 'user', kind: t.kind, synthetic: t.synthetic ?? false, content: JSON.stringify(t.content), createdAt: now };
}

/** Zero-padded so document ids sort like the sequence (handy in the console). */
function seqId(seq: number): string {
  return String(seq).padStart(8, '0');
}

function changedMeanwhile(cid: string): AppError {
  return new AppError('conflict', 'The conversation changed while this message was being answered; send it again.', { details: { conversation_id: cid } });
}
