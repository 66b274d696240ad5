import type { Logger } from '../log';
import { responsesContent } from './conversation-store';
import type { Dispatched } from './dispatch-tool-calls';
import type { Content, FunctionCall } from '../gemini/gemini-schemas';
import { stopMessage, type Governor } from './governance';
import type { ModelClient, ModelResult } from './model-client';
import type { ToolApproval } from './tool-approvals-store';
import type { TokenGrant } from '../gemini/usage-store';
import type { Toolset } from './toolset';
import type { EventSink, NewTurn, OpenStep, StopReason, ToolCallReport } from './types';

// The function-calling loop: ask the model; if it answers in text, that is the reply; if it calls
// tools, answer the calls and ask again. It pauses when a call needs a person's approval (the
// open step is persisted and resumed by the approvals function) and stops, with a plain reply,
// when the governor says so. It never persists anything itself: the caller commits its turns.

export interface LoopDeps {
  model: ModelClient;
  toolset: Toolset;
  governor: Governor;
  dispatch: (calls: FunctionCall[]) => Promise<Dispatched>;
  /** The user's daily token budget: a step starts only on a reservation, settled when it ends. */
  budget: StepBudget;
  systemInstruction: string;
  /** Aborts at the turn's deadline (or when the request goes away). */
  signal: AbortSignal;
  log: Logger;
  onEvent?: EventSink;
}

export interface StepBudget {
  /** Undefined when the day's budget is spent (or held by the user's other running steps). */
  reserve(): Promise<TokenGrant | undefined>;
  /** `cachedTokens`: of the prompt, what the context cache served (recorded beside the spend). */
  settle(grant: TokenGrant, spent: number, cachedTokens?: number): Promise<void>;
}

export interface LoopOutcome {
  turns: NewTurn[];
  reply: string;
  reports: ToolCallReport[];
  approvals: ToolApproval[];
  openStep?: OpenStep;
  stopped?: StopReason;
}

const BLOCKING_FINISH = new Set(['SAFETY', 'PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII', 'RECITATION', 'IMAGE_SAFETY']);

export async function runLoop(history: Content[], deps: LoopDeps): Promise<LoopOutcome> {
  const out: LoopOutcome = { turns: [], reply: '', reports: [], approvals: [] };
  const contents = [...history];
  const push = (turn: NewTurn) => {
    out.turns.push(turn);
    contents.push(turn.content);
  };
  for (;;) {
    const stop = deps.governor.beforeStep();
    if (stop) return stopped(out, push, stop, deps);
    const result = await budgetedStep(contents, deps);
    if (result === 'token_budget') return stopped(out, push, 'token_budget', deps);
    if (result === 'deadline') return stopped(out, push, 'deadline', deps);
    deps.governor.spent(result.totalTokens, result.cachedTokens);
    const content = result.content;
    const text = visibleText(content);
    const calls = functionCalls(content);
    if (!content || (calls.length === 0 && !text)) return stopped(out, push, blocked(result) ? 'blocked' : 'empty', deps);
    push({ kind: 'model', content });
    if (calls.length === 0) return { ...out, reply: text };
    const refused = deps.governor.admit(calls);
    if (refused) {
      push({
        kind: 'tool_results',
        content: responsesContent(calls.map((c, index) => ({ index, name: c.name, callId: c.id, response: stoppedResponse(refused) }))),
      });
      out.reports.push(...calls.map((c) => ({ name: c.name, args: c.args ?? {}, status: 'stopped' as const, summary: `not run: ${refused}` })));
      return stopped(out, push, refused, deps);
    }
    const d = await deps.dispatch(calls);
    out.reports.push(...d.reports);
    if (d.approvals.length > 0) return { ...out, reply: awaitingReply(text, d.approvals), approvals: d.approvals, openStep: { calls: d.calls } };
    push({ kind: 'tool_results', content: responsesContent(d.calls) });
  }
}

/** One model step inside a token reservation; the reservation is settled whatever happens. */
async function budgetedStep(contents: Content[], deps: LoopDeps): Promise<ModelResult | 'deadline' | 'token_budget'> {
  const grant = await deps.budget.reserve();
  if (!grant) return 'token_budget';
  let result: ModelResult | 'deadline' | undefined;
  try {
    result = await step(contents, deps);
    return result;
  } finally {
    await deps.budget.settle(grant, typeof result === 'object' ? result.totalTokens : 0, typeof result === 'object' ? result.cachedTokens : 0);
  }
}

async function step(contents: Content[], deps: LoopDeps): Promise<ModelResult | 'deadline'> {
  const onText = deps.onEvent ? (delta: string) => deps.onEvent?.({ type: 'text', delta }) : undefined;
  try {
    const request = { systemInstruction: deps.systemInstruction, contents, tools: deps.toolset.declarations };
    return await deps.model.generate(request, { signal: deps.signal, deadlineAt: deps.governor.limits.deadlineAt, onText });
  } catch (e) {
    // Out of time is a stop with a reply; any other model failure is the turn's failure.
    if (deps.signal.aborted || Date.now() >= deps.governor.limits.deadlineAt) return 'deadline';
    throw e;
  }
}

function stopped(out: LoopOutcome, push: (t: NewTurn) => void, reason: StopReason, deps: LoopDeps): LoopOutcome {
  const message = stopMessage(reason, deps.governor.limits);
  const g = deps.governor;
  deps.log.warn('orchestrator stopped', { reason, steps: g.steps, toolCalls: g.toolCalls, tokens: g.tokens });
  // Recorded as a model turn so the conversation keeps alternating and the model later knows
  // what the user was told; marked synthetic because Gemini did not write it.
  push({ kind: 'notice', synthetic: true, content: { role: 'model', parts: [{ text: message }] } });
  deps.onEvent?.({ type: 'text', delta: message });
  return { ...out, reply: message, stopped: reason };
}

function stoppedResponse(reason: StopReason) {
  return { error: { code: 'stopped', message: `Not run: the assistant stopped this turn (${reason}).` } };
}

function awaitingReply(text: string, approvals: ToolApproval[]): string {
  const asks = approvals.map((a) => a.preview.title).join('; ');
  return `${text ? `${text}\n\n` : ''}This needs your approval before it happens: ${asks}.`;
}

function blocked(r: ModelResult): boolean {
  return Boolean(r.blockReason) || BLOCKING_FINISH.has(r.finishReason ?? '');
}

export function visibleText(content: Content | undefined): string {
  return (content?.parts ?? [])
    .filter((p) => p.text && !p.thought)
    .map((p) => p.text)
    .join('');
}

export function functionCalls(content: Content | undefined): FunctionCall[] {
  return (content?.parts ?? []).flatMap((p) => (p.functionCall ? [p.functionCall] : []));
}
