import type { Firestore } from '@google-cloud/firestore';
import { AppError } from '../errors';
import { toMillis } from '../store/timestamps';
import { ContentSchema, type Content } from './gemini-schemas';
import { approvalView, type ToolApprovalStore } from './tool-approvals-store';
import type { ApprovalView } from './types';

// Conversations as a person reads them (GET /chat, GET /chat/{id}): titles to pick one, and a
// transcript of what was said and which tools ran, with the approvals still open, so the console
// can resume a conversation where it was left. Read-only; the stored turns stay Gemini's content.

const LIST_LIMIT = 50;
const TRANSCRIPT_LIMIT = 400;

export interface ConversationSummary {
  id: string;
  title: string;
  last_reply: string | null;
  updated_at: string;
}

export type TranscriptEntry =
  | { role: 'user'; text: string }
  | { role: 'model'; text: string; tool_calls: { name: string; args: Record<string, unknown> }[] }
  | { role: 'tool'; results: { name: string; ok: boolean; error?: { code: string; message: string } }[] };

export interface ConversationTranscript {
  id: string;
  title: string;
  entries: TranscriptEntry[];
  pending_approvals: ApprovalView[];
}

export async function listConversations(db: Firestore, uid: string): Promise<ConversationSummary[]> {
  const snaps = await conversations(db, uid).orderBy('updatedAt', 'desc').limit(LIST_LIMIT).get();
  return snaps.docs.map((d) => {
    const data = d.data();
    return {
      id: d.id,
      title: String(data.title ?? '') || 'Untitled conversation',
      last_reply: typeof data.lastReply === 'string' ? data.lastReply : null,
      updated_at: new Date(toMillis(data.updatedAt)).toISOString(),
    };
  });
}

export async function conversationTranscript(
  db: Firestore,
  approvals: ToolApprovalStore,
  uid: string,
  cid: string,
  now: number,
): Promise<ConversationTranscript> {
  const ref = conversations(db, uid).doc(cid);
  const [head, turns, pending] = await Promise.all([
    ref.get(),
    ref.collection('turns').orderBy('seq', 'asc').limit(TRANSCRIPT_LIMIT).get(),
    approvals.listPending(uid),
  ]);
  if (!head.exists) throw new AppError('not_found', `No conversation ${cid} of yours exists.`);
  const entries = turns.docs.flatMap((d) => entriesOf(ContentSchema.parse(JSON.parse(String(d.data().content)))));
  return {
    id: cid,
    title: String(head.data()?.title ?? ''),
    entries,
    pending_approvals: pending.filter((a) => a.conversationId === cid).map((a) => approvalView(a, now)),
  };
}

function entriesOf(c: Content): TranscriptEntry[] {
  const visible = c.parts.filter((p) => !p.thought);
  const text = visible.flatMap((p) => (typeof p.text === 'string' ? [p.text] : [])).join('');
  if (c.role === 'model') {
    const calls = visible.flatMap((p) => (p.functionCall ? [{ name: p.functionCall.name, args: p.functionCall.args ?? {} }] : []));
    return text || calls.length ? [{ role: 'model', text, tool_calls: calls }] : [];
  }
  const results = visible.flatMap((p) => (p.functionResponse ? [resultOf(p.functionResponse.name, p.functionResponse.response)] : []));
  const out: TranscriptEntry[] = [];
  if (results.length) out.push({ role: 'tool', results });
  if (text) out.push({ role: 'user', text });
  return out;
}

function resultOf(name: string, response: Record<string, unknown>): { name: string; ok: boolean; error?: { code: string; message: string } } {
  const error = response.error as { code?: unknown; message?: unknown } | undefined;
  if (!error) return { name, ok: true };
  return { name, ok: false, error: { code: String(error.code ?? 'error'), message: String(error.message ?? '') } };
}

function conversations(db: Firestore, uid: string) {
  return db.collection('users').doc(uid).collection('conversations');
}
