import type { Caller } from '../auth/identity';
import type { ConversationHead, Conversation } from './conversation-store';
import { dispatch } from './dispatch-tool-calls';
import { Governor } from './governance';
import type { Logger } from '../log';
import { runLoop, type LoopOutcome, type StepBudget } from './loop';
import type { Orchestrator } from './orchestrator';
import type { Content } from '../gemini/gemini-schemas';
import { systemInstruction, timeNote } from './system-instruction';
import { approvalView } from './tool-approvals-store';
import { toolsetFor, type Toolset } from './toolset';
import type { ChatResult, EventSink, NewTurn } from './types';

// One turn: the loop over a loaded conversation plus the new turns that start it (the user's
// message, or nothing when resuming after an approval), then one transaction that stores the
// turns and any new open step with its approvals. The deadline sits well under the function's
// timeout so the commit always has time to happen.

export const COMMIT_MARGIN_MS = 15_000;

export interface TurnRequest {
  caller: Caller;
  requestId: string;
  signal: AbortSignal;
  conversation: Conversation;
  prefix: NewTurn[];
  /** The function's own timeout; the loop's deadline stays COMMIT_MARGIN_MS below it. */
  functionTimeoutMs: number;
  title?: string;
  onEvent?: EventSink;
  /** The tools to offer; by default the caller's (toolsetFor), looked up as the turn starts. */
  toolset?: Toolset | Promise<Toolset>;
}

/** A turn whose tools are being looked up (or were given). */
type StartedTurn = TurnRequest & { toolset: Toolset | Promise<Toolset> };

export async function runTurn(o: Orchestrator, req: TurnRequest): Promise<ChatResult & { head: ConversationHead }> {
  const { runtime } = o;
  const turnId = runtime.ids.random();
  const leaseMs = req.functionTimeoutMs + COMMIT_MARGIN_MS;
  // The caller's tools (a read of their connections) are looked up while the slot is claimed: on a
  // cold instance each is a Firestore round trip, and neither needs the other.
  const toolset = req.toolset ?? toolsetFor(req.caller.uid, { config: runtime.config, secrets: runtime.secrets, connections: runtime.stores.connections });
  Promise.resolve(toolset).catch(() => undefined); // a refused slot leaves it unread
  await o.turnSlots.acquire(req.caller.uid, turnId, runtime.config.gemini.maxConcurrentTurns, leaseMs);
  try {
    return await runAcquiredTurn(o, { ...req, toolset });
  } finally {
    await o.turnSlots.release(req.caller.uid, turnId).catch((e: unknown) => runtime.log.warn('turn slot not released', { err: e }));
  }
}

async function runAcquiredTurn(o: Orchestrator, req: StartedTurn): Promise<ChatResult & { head: ConversationHead }> {
  const t = await startTurn(o, req);
  const outcome: LoopOutcome = await runLoop([...req.conversation.history, ...req.prefix.map((turn) => withSendTime(turn, t.now))], {
    model: o.model,
    toolset: t.toolset,
    governor: t.governor,
    signal: t.ctx.signal,
    log: t.log,
    onEvent: req.onEvent,
    systemInstruction: systemInstruction(t.now),
    budget: t.budget,
    dispatch: (calls) =>
      dispatch(calls, {
        toolset: t.toolset,
        ctx: t.ctx,
        preview: t.preview,
        conversationId: req.conversation.id,
        now: () => o.runtime.clock.now().getTime(),
        onEvent: req.onEvent,
      }),
  });
  const g = t.governor;
  t.log.info('model usage', { tokens: g.tokens, cachedTokens: g.cachedTokens, steps: g.steps });
  const head = await commit(o, req, outcome);
  const nowMs = o.runtime.clock.now().getTime();
  const pending = outcome.approvals.map((a) => approvalView(a, nowMs));
  for (const approval of pending) req.onEvent?.({ type: 'approval', approval });
  return {
    head,
    conversation_id: req.conversation.id,
    reply: outcome.reply,
    tool_calls: outcome.reports,
    pending_approvals: pending,
    ...(outcome.stopped ? { stopped: { reason: outcome.stopped } } : {}),
  };
}

/** The turn's clock, context (aborted at the deadline), tools and governor. */
async function startTurn(o: Orchestrator, req: StartedTurn) {
  const { runtime } = o;
  const uid = req.caller.uid;
  const now = runtime.clock.now();
  const budgetMs = Math.max(1_000, Math.min(runtime.config.gemini.turnDeadlineMs, req.functionTimeoutMs - COMMIT_MARGIN_MS));
  const deadlineAt = Date.now() + budgetMs;
  const ctx = runtime.contextFor(req.caller, req.requestId, AbortSignal.any([req.signal, AbortSignal.timeout(budgetMs)]));
  const toolset = await req.toolset;
  const { maxSteps, maxToolCalls, dailyTokenBudget } = runtime.config.gemini;
  const log = ctx.log.child({ conversation: req.conversation.id });
  return {
    now,
    ctx,
    toolset,
    log,
    // The day's budget is enforced by reservations (usage-store); the governor only counts.
    governor: new Governor({ maxSteps, maxToolCalls, dailyTokenBudget, tokensToday: 0, deadlineAt }),
    budget: stepBudget(o, uid, log),
    preview: { uid, config: runtime.config, connections: runtime.stores.connections, clients: ctx.clients, signal: ctx.signal },
  };
}

/**
 * Reservations before each step, settled after. Failing to settle must not lose the answer (the
 * budget bounds cost, it is not a ledger): that failure is logged, not raised.
 */
function stepBudget(o: Orchestrator, uid: string, log: Logger): StepBudget {
  const { clock, config } = o.runtime;
  return {
    reserve: () => o.usage.reserve(uid, clock.now(), config.gemini.dailyTokenBudget, config.gemini.stepTokenReserve),
    settle: (grant, spent, cached) =>
      o.usage.settle(uid, grant, spent, clock.now(), cached).catch((e: unknown) => log.error('token usage not recorded', { err: e, tokens: spent })),
  };
}

function commit(o: Orchestrator, req: TurnRequest, outcome: LoopOutcome): Promise<ConversationHead> {
  return o.conversations.commit(req.caller.uid, req.conversation, {
    turns: [...req.prefix, ...outcome.turns],
    openStep: outcome.openStep ?? null,
    title: req.title,
    lastReply: outcome.reply,
    alsoWrite: (tx, db) => outcome.approvals.forEach((a) => o.approvals.createInTx(tx, db, req.caller.uid, a)),
  });
}

/** The user's new message as the model sees it: with the time it was sent (not stored). */
function withSendTime(turn: NewTurn, now: Date): Content {
  return turn.kind === 'message' ? { ...turn.content, parts: [...turn.content.parts, timeNote(now)] } : turn.content;
}
