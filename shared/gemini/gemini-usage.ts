import type { Usage } from './gemini-schemas';

// What one Gemini call costs, for the daily token budget. Thinking tokens are billed as output
// and count toward maxOutputTokens, so they must count here too. Gemini's totalTokenCount already
// includes them (observed: total = prompt + candidates + thoughts, e.g. 39,236 + 0 + 3,071 =
// 42,307), though the message definition describes it as "prompt + response candidates"; the
// larger of the total and the sum of the parts is taken, so a total without thoughts cannot
// undercount. https://ai.google.dev/gemini-api/docs/thinking#pricing
// Cached prompt tokens (implicit caching of a stable prompt prefix) are reported separately, so
// logs and the daily usage record show how much of the prompt the cache served.
// https://ai.google.dev/gemini-api/docs/caching#implicit-caching

export interface TokenCost {
  /** Everything the call is billed for, thinking included. */
  total: number;
  /** Of which thinking. */
  thoughts: number;
  /** Prompt tokens read from the context cache (billed at the cached rate, still counted here). */
  cached: number;
}

export function tokenCost(usage: Usage | undefined): TokenCost {
  if (!usage) return { total: 0, thoughts: 0, cached: 0 };
  const thoughts = usage.thoughtsTokenCount ?? 0;
  const parts = (usage.promptTokenCount ?? 0) + (usage.candidatesTokenCount ?? 0) + thoughts + (usage.toolUsePromptTokenCount ?? 0);
  return { total: Math.max(usage.totalTokenCount ?? 0, parts), thoughts, cached: usage.cachedContentTokenCount ?? 0 };
}
