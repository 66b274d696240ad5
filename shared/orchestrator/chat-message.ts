import type { Caller } from '../auth/identity';
import { AppError } from '../errors';
import type { Conversation } from './conversation-store';
import type { Content, Part } from '../gemini/gemini-schemas';
import type { Orchestrator } from './orchestrator';
import { runTurn } from './run-turn';
import { OUTCOME_UNKNOWN } from './tool-approvals-store';
import type { ChatResult, EventSink, OpenStep } from './types';

// A user message. A new conversation gets an unguessable id; an existing one is loaded (someone
// else's or a made-up id → 404). If the last model turn still waits on approvals, the user has
// moved on: those approvals are superseded and the calls answered "not approved", in the same
// user turn as the new message, so the model sees why they did not happen.

export interface ChatRequest {
  caller: Caller;
  requestId: string;
  signal: AbortSignal;
  conversationId?: string;
  message: string;
  functionTimeoutMs: number;
  onEvent?: EventSink;
}

export async function chatMessage(o: Orchestrator, req: ChatRequest): Promise<ChatResult> {
  const uid = req.caller.uid;
  const conversation = req.conversationId ? await o.conversations.load(uid, req.conversationId) : fresh(o.runtime.ids.random());
  if (!conversation) throw new AppError('not_found', `No conversation ${req.conversationId} of yours exists.`);
  const closing = conversation.openStep ? await closeOpenStep(o, uid, conversation.openStep) : [];
  const content: Content = { role: 'user', parts: [...closing, { text: req.message }] };
  const { head: _head, ...result } = await runTurn(o, {
    ...req,
    conversation,
    prefix: [{ kind: 'message', content }],
    title: conversation.exists ? undefined : req.message,
  });
  return result;
}

const NOT_APPROVED = { error: { code: 'not_approved', message: 'The user did not approve this; they sent a new message instead. It was not run.' } };

async function closeOpenStep(o: Orchestrator, uid: string, step: OpenStep): Promise<Part[]> {
  const unknown = await o.approvals.supersede(
    uid,
    step.calls.flatMap((c) => (c.approvalId && !c.response ? [c.approvalId] : [])),
  );
  return [...step.calls]
    .sort((a, b) => a.index - b.index)
    .map((c) => ({
      functionResponse: {
        name: c.name,
        ...(c.callId ? { id: c.callId } : {}),
        response: c.response ?? (c.approvalId && unknown.includes(c.approvalId) ? OUTCOME_UNKNOWN : NOT_APPROVED),
      },
    }));
}

function fresh(id: string): Conversation {
  return { id, exists: false, version: 0, turnCount: 0, history: [] };
}
