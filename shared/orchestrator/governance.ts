import { canonicalJson } from '../store/idempotency';
import type { FunctionCall } from '../gemini/gemini-schemas';
import type { StopReason } from './types';

// Bounds on one turn of the loop (a chat message, or the resumption after an approval): model
// steps, tool calls, a wall-clock deadline under the function's timeout, the user's daily token
// budget, and no second identical call (same tool, same arguments) — a model repeating itself is
// looping, and more steps would only spend more. Each stop ends the turn with a plain reply.

export interface Limits {
  maxSteps: number;
  maxToolCalls: number;
  /** Epoch ms. */
  deadlineAt: number;
  dailyTokenBudget: number;
  /** Tokens the user had already spent today when the turn began. */
  tokensToday: number;
}

export class Governor {
  steps = 0;
  toolCalls = 0;
  tokens = 0;
  /** Of `tokens`, prompt tokens the context cache served. */
  cachedTokens = 0;
  private readonly seen = new Set<string>();

  constructor(
    readonly limits: Limits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Why the next model step must not start, if it must not. */
  beforeStep(): StopReason | undefined {
    if (this.limits.tokensToday + this.tokens >= this.limits.dailyTokenBudget) return 'token_budget';
    if (this.steps >= this.limits.maxSteps) return 'max_steps';
    if (this.now() >= this.limits.deadlineAt) return 'deadline';
    this.steps += 1;
    return undefined;
  }

  spent(tokens: number, cachedTokens = 0): void {
    this.tokens += tokens;
    this.cachedTokens += cachedTokens;
  }

  /** Why this turn's calls must not run, if they must not; otherwise counts them. */
  admit(calls: FunctionCall[]): StopReason | undefined {
    if (this.toolCalls + calls.length > this.limits.maxToolCalls) return 'max_tool_calls';
    const keys = calls.map((c) => `${c.name}|${canonicalJson(c.args ?? {})}`);
    if (keys.some((k) => this.seen.has(k)) || new Set(keys).size < keys.length) return 'repeated_call';
    keys.forEach((k) => this.seen.add(k));
    this.toolCalls += calls.length;
    return undefined;
  }
}

const MESSAGES: Record<StopReason, (l: Limits) => string> = {
  max_steps: (l) => `I stopped after ${l.maxSteps} steps without reaching an answer. Tell me to continue, or narrow the request.`,
  max_tool_calls: (l) => `I stopped: this request needed more than ${l.maxToolCalls} tool calls. Try a narrower request.`,
  repeated_call: () =>
    'I stopped because I was about to repeat the same action with the same details, which would not get us further. Try rephrasing the request.',
  deadline: () => 'I ran out of time for this request. What I finished so far is saved; ask me to continue.',
  token_budget: () => "You have reached today's usage limit for the assistant. It resets at midnight UTC.",
  blocked: () => "I can't help with that request: it was blocked by the model's safety filters.",
  empty: () => 'The model returned an empty answer. Please try again or rephrase the request.',
};

export function stopMessage(reason: StopReason, limits: Limits): string {
  return MESSAGES[reason](limits);
}
