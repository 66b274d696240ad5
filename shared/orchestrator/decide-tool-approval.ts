import type { Caller } from '../auth/identity';
import { requireHuman } from '../auth/require-human';
import { requireFreshIdentity } from '../commerce/fresh-identity';
import { AppError, toAppError } from '../errors';
import { runApproved } from './approved-call';
import type { Orchestrator } from './orchestrator';
import { runTurn } from './run-turn';
import { summarize } from './tool-results';
import { approvalView, type ToolApproval } from './tool-approvals-store';
import type { ApprovalStatus, ApprovalView, ChatResult, EventSink, ToolCallReport, ToolResponse } from './types';

// A person's decision on a pending approval. Claiming it (pending → executing/denied) is one
// transaction, so of concurrent decisions exactly one proceeds; the approved call runs once, with
// the decider's identity; its result becomes the functionResponse of the waiting call; and when
// that was the step's last open call, the loop resumes so the model can finish its reply. An MCP
// client's approval has no conversation: its result stays on the approval for the client to read.

export interface DecisionRequest {
  caller: Caller;
  requestId: string;
  signal: AbortSignal;
  approvalId: string;
  decision: 'approve' | 'deny';
  functionTimeoutMs: number;
  onEvent?: EventSink;
}

export interface DecisionResult extends Omit<ChatResult, 'conversation_id'> {
  decided: ApprovalView;
  result: ToolResponse;
  /** null for an MCP client's approval (it belongs to no conversation). */
  conversation_id: string | null;
}

// Re-exported for the approvals function (the rule itself is about identities, not approvals).
export { requireHuman };

const DENIED: ToolResponse = { error: { code: 'denied', message: 'The user declined this action. It was not run.' } };

export async function decideApproval(o: Orchestrator, req: DecisionRequest): Promise<DecisionResult> {
  requireHuman(req.caller);
  const uid = req.caller.uid;
  await requireFreshForPurchase(o, req);
  const claimed = await o.approvals.claim(uid, req.approvalId, req.decision);
  const result = req.decision === 'approve' ? await execute(o, req, claimed) : DENIED;
  const status: ApprovalStatus = req.decision === 'deny' ? 'denied' : 'error' in result ? 'failed' : 'executed';
  const decided: ApprovalView = { ...approvalView(claimed, o.runtime.clock.now().getTime()), status };
  const report: ToolCallReport = {
    name: claimed.tool,
    args: claimed.args,
    status: req.decision === 'deny' ? 'denied' : 'error' in result ? 'error' : 'ok',
    summary: summarize(result),
  };
  req.onEvent?.({ type: 'tool_result', report });
  const cid = claimed.conversationId;
  const base = { decided, result, conversation_id: cid ?? null, reply: '', tool_calls: [report], pending_approvals: [] };
  // An MCP client's call waits in no conversation: the decision and its one result are recorded
  // on the approval, where the client reads them (get_approval_result).
  if (!cid) return { ...base, reply: req.decision === 'deny' ? 'Declined; nothing was run.' : 'error' in result ? 'It was approved, but it failed.' : 'Done.' };
  const answered = await o.conversations.answer(uid, cid, claimed.id, result);
  if (answered.kind === 'stale') return { ...base, reply: 'Recorded. The conversation has moved on since, so the assistant was not asked to continue.' };
  if (answered.kind === 'waiting') {
    const others = await othersPending(o, uid, answered.head.openStep?.calls ?? []);
    return { ...base, reply: `Recorded. ${others.length} more action(s) from the same request await your decision.`, pending_approvals: others };
  }
  return { ...base, ...(await resume(o, req, cid, report)) };
}

async function execute(o: Orchestrator, req: DecisionRequest, a: ToolApproval): Promise<ToolResponse> {
  const ctx = o.runtime.contextFor(req.caller, req.requestId, req.signal);
  const result = await runApproved(a, ctx);
  await o.approvals.finish(req.caller.uid, a.id, 'error' in result ? 'failed' : 'executed', result);
  ctx.log.info('approved call run', { approval: a.id, tool: a.tool, outcome: 'error' in result ? result.error.code : 'ok' });
  return result;
}

/** The model finishes its reply. If it cannot (model down), the decision still stands. */
async function resume(o: Orchestrator, req: DecisionRequest, conversationId: string, report: ToolCallReport): Promise<ChatResult> {
  const conversation = await o.conversations.load(req.caller.uid, conversationId);
  if (!conversation) throw new AppError('internal', 'The conversation of an approval vanished.');
  try {
    const { head: _head, ...turn } = await runTurn(o, { ...req, conversation, prefix: [] });
    return { ...turn, tool_calls: [report, ...turn.tool_calls] };
  } catch (e) {
    const err = toAppError(e);
    o.runtime.log.warn('resume after approval failed', { code: err.code, approval: req.approvalId });
    const done = report.status === 'ok' ? 'It was done' : 'Your decision was recorded';
    return {
      conversation_id: conversationId,
      reply: `${done}, but the assistant could not finish its reply (${err.code}). Send a message to continue.`,
      tool_calls: [report],
      pending_approvals: [],
    };
  }
}

async function othersPending(o: Orchestrator, uid: string, calls: { approvalId?: string; response?: unknown }[]): Promise<ApprovalView[]> {
  const ids = calls.flatMap((c) => (c.approvalId && !c.response ? [c.approvalId] : []));
  const now = o.runtime.clock.now().getTime();
  const found = await Promise.all(ids.map((id) => o.approvals.get(uid, id)));
  return found.flatMap((a) => (a ? [approvalView(a, now)] : []));
}

/**
 * Money moves only on a recent sign-in (the commerce rule). Checked before the approval is
 * claimed, so a stale session gets "sign in again" and the approval stays usable.
 */
async function requireFreshForPurchase(o: Orchestrator, req: DecisionRequest): Promise<void> {
  if (req.decision !== 'approve') return;
  const a = await o.approvals.get(req.caller.uid, req.approvalId);
  if (a?.effect === 'purchase') requireFreshIdentity(req.caller, o.runtime.clock.now());
}
