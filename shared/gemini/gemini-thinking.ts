// Output limits for short, bounded answers (the digest summary) on thinking models. Thinking
// tokens count toward maxOutputTokens, so a limit sized for the answer alone can be spent before
// the answer starts: the reply comes back cut or empty with finishReason MAX_TOKENS. So the
// thinking budget is set explicitly — off where the model allows it (2.5 Flash, Flash-Lite), the
// smallest documented budget where it does not (Pro, Gemini 3) — and maxOutputTokens leaves room
// for that budget on top of the answer.
// https://ai.google.dev/gemini-api/docs/thinking#set-budget

/** "Auto" thinking may spend up to this many tokens (the documented dynamic ceiling). */
const DYNAMIC_THINKING_ROOM = 8_192;
/** Gemini 2.5 Pro's minimum budget; also used for Gemini 3, which cannot switch thinking off. */
const LEAST_ALWAYS_ON = 128;

export interface BoundedOutput {
  maxOutputTokens: number;
  thinkingConfig?: { thinkingBudget: number };
}

/**
 * maxOutputTokens and thinking config for an answer of at most `answerTokens` tokens.
 * `budget` overrides the per-model default (-1: dynamic).
 */
export function boundedOutput(model: string, answerTokens: number, budget?: number): BoundedOutput {
  const thinkingBudget = budget ?? leastThinking(model);
  if (thinkingBudget === undefined) return { maxOutputTokens: answerTokens };
  const room = thinkingBudget === -1 ? DYNAMIC_THINKING_ROOM : thinkingBudget;
  return { maxOutputTokens: answerTokens + room, thinkingConfig: { thinkingBudget } };
}

/** The least thinking a model allows; undefined for models that do not think (no config sent). */
export function leastThinking(model: string): number | undefined {
  const name = model.replace(/^models\//, '');
  if (/^gemini-(1\.|2\.0)/.test(name)) return undefined;
  if (/^gemini-2\.5-flash/.test(name) || /^gemini-flash(-lite)?-latest$/.test(name)) return 0;
  return LEAST_ALWAYS_ON;
}
