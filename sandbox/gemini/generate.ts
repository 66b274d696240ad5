import { randomBytes } from 'node:crypto';
import type { ModelSpec } from './models';
import { sign } from './signatures';
import type { GeminiCall, ModelReply, ReplyOptions, WireFunctionCall, WirePart, WireResponse, WireUsage } from './wire';

// Turns a scripted reply into the GenerateContentResponse a real model of that kind would send.
// Output is metered the way Gemini meters it: thinking tokens come first and count toward
// maxOutputTokens, so a small limit on a thinking model leaves a cut answer, or none at all,
// with finishReason MAX_TOKENS; usageMetadata reports thoughtsTokenCount and a total that
// includes it. Thinking models sign their turn: the first function call, or else the last text
// part, carries a thoughtSignature (Gemini 3 signs even without thinking).
// https://ai.google.dev/gemini-api/docs/thinking · https://ai.google.dev/api/generate-content#UsageMetadata

/** About four characters per token, Gemini's own rule of thumb. */
export const tokensIn = (text: string): number => Math.ceil(text.length / 4);

export function responseFor(reply: ModelReply, call: GeminiCall, model: ModelSpec): WireResponse {
  if ('raw' in reply) return reply.raw;
  const prompt = tokensIn(JSON.stringify(call.body));
  const meta = { modelVersion: model.name, responseId: randomBytes(9).toString('base64url') };
  if ('blocked' in reply) return { promptFeedback: { blockReason: reply.blocked }, usageMetadata: usage(prompt, 0, 0, undefined, call.cachedTokens), ...meta };
  if ('finishReason' in reply)
    return { candidates: [{ finishReason: reply.finishReason, index: 0 }], usageMetadata: usage(prompt, 0, 0, undefined, call.cachedTokens), ...meta };
  if ('empty' in reply)
    return {
      candidates: [{ content: { role: 'model' }, finishReason: 'STOP', index: 0 }],
      usageMetadata: usage(prompt, 0, 0, undefined, call.cachedTokens),
      ...meta,
    };
  if (!('text' in reply) && !('calls' in reply)) throw new Error('[gemini fake] reply kind not answerable here');
  const thoughts = Math.min(thinkingTokens(reply, call, model, prompt), outputLimit(call, model));
  const room = outputLimit(call, model) - thoughts;
  const { parts, visible, cut } = visibleParts(reply.text, 'calls' in reply ? reply.calls : [], room);
  if (model.requiresSignatures || thoughts > 0) signTurn(parts);
  if (thoughts > 0 && call.body.generationConfig?.thinkingConfig?.includeThoughts) parts.unshift({ text: thoughtSummary(reply), thought: true });
  return {
    candidates: [{ content: parts.length > 0 ? { role: 'model', parts } : { role: 'model' }, finishReason: cut ? 'MAX_TOKENS' : 'STOP', index: 0 }],
    usageMetadata: usage(prompt, visible, thoughts, reply.usage, call.cachedTokens),
    ...meta,
  };
}

function outputLimit(call: GeminiCall, model: ModelSpec): number {
  const asked = Number(call.body.generationConfig?.maxOutputTokens ?? 0);
  return asked > 0 ? asked : model.outputTokenLimit;
}

/** Thinking tokens spent: none on non-thinking models or with budget 0; else capped by the budget. */
function thinkingTokens(reply: ReplyOptions, call: GeminiCall, model: ModelSpec, prompt: number): number {
  const spec = model.thinking;
  if (!spec) return 0;
  const budgetField = call.body.generationConfig?.thinkingConfig?.thinkingBudget;
  const budget = budgetField === undefined ? undefined : Number(budgetField);
  // "Dynamic" thinking grows with the prompt; a script may fix the amount.
  const planned = reply.thinkingTokens ?? spec.dynamicBase + Math.ceil(prompt / 10);
  if (budget === undefined) return spec.byDefault ? planned : 0;
  if (budget === -1) return planned;
  return Math.min(budget, planned);
}

/** The text (cut to the room left), then whole function calls while they fit. */
function visibleParts(text: string | undefined, calls: WireFunctionCall[], room: number) {
  const parts: WirePart[] = [];
  let left = room;
  let cut = false;
  if (text) {
    const kept = text.slice(0, Math.max(0, left) * 4);
    if (kept) parts.push({ text: kept });
    cut = kept.length < text.length;
    left -= tokensIn(kept);
  }
  for (const fc of calls) {
    const functionCall = { name: fc.name, args: fc.args ?? {}, ...(fc.id ? { id: fc.id } : {}) };
    const cost = tokensIn(JSON.stringify(functionCall));
    if (cut || cost > left) {
      cut = true;
      break;
    }
    parts.push({ functionCall });
    left -= cost;
  }
  return { parts, visible: room - left, cut };
}

function signTurn(parts: WirePart[]): void {
  const firstCall = parts.find((p) => p.functionCall);
  if (firstCall?.functionCall) {
    firstCall.thoughtSignature = sign({ kind: 'call', name: firstCall.functionCall.name, args: firstCall.functionCall.args });
    return;
  }
  const lastText = parts.findLast((p) => p.text !== undefined && !p.thought);
  if (lastText) lastText.thoughtSignature = sign({ kind: 'text' });
}

function thoughtSummary(reply: ReplyOptions & { text?: string }): string {
  return reply.thoughts ?? '**Working out the answer**\n\nI considered the request and what the tools returned before answering.';
}

/**
 * proto3 JSON: counts that are zero are left out (a cut-off answer has no candidatesTokenCount).
 * A script that fixes the total gets a breakdown that adds up to it (thinking and output first).
 */
function usage(promptTokens: number, visibleTokens: number, thoughtTokens: number, fixedTotal?: number, cachedTokens = 0): WireUsage {
  const thoughts = fixedTotal === undefined ? thoughtTokens : Math.min(thoughtTokens, fixedTotal);
  const visible = fixedTotal === undefined ? visibleTokens : Math.min(visibleTokens, fixedTotal - thoughts);
  const prompt = fixedTotal === undefined ? promptTokens : fixedTotal - thoughts - visible;
  const u: WireUsage = {};
  if (prompt > 0) u.promptTokenCount = prompt;
  if (visible > 0) u.candidatesTokenCount = visible;
  if (thoughts > 0) u.thoughtsTokenCount = thoughts;
  if (prompt + visible + thoughts > 0) u.totalTokenCount = prompt + visible + thoughts;
  if (prompt > 0) u.promptTokensDetails = [{ modality: 'TEXT', tokenCount: prompt }];
  const cached = Math.min(cachedTokens, prompt);
  if (cached > 0) {
    u.cachedContentTokenCount = cached;
    u.cacheTokensDetails = [{ modality: 'TEXT', tokenCount: cached }];
  }
  return u;
}
