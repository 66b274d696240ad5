import type { ActionContext } from '../runtime/context';
import { openGeminiClient } from '../orchestrator/gemini-client';
import { mapGeminiError, type ModelSetting } from '../gemini/gemini-errors';
import { boundedOutput } from '../gemini/gemini-thinking';
import { toModelResult, type ModelResult } from '../orchestrator/model-client';
import { UsageStore, usageDay } from '../gemini/usage-store';

// An optional two-sentence opening for the digest, written by Gemini from the digest's own text.
// Skipped when the server has no gemini-api-key (API-key backend) or the user's daily token budget is spent; any
// failure just leaves the summary out — a digest is never held back by the model. One attempt,
// short deadline, no retries.
// A summary is shipped whole or not at all: the thinking budget is explicit and maxOutputTokens
// leaves room for it (gemini-thinking.ts), and a reply that still stops at MAX_TOKENS, or is
// empty, blocked or over length, is left out with a warning saying why — never sent cut off.
// The tokens it cost, thinking included, count toward the user's daily budget like chat's.

const DEADLINE_MS = 15_000;
const MAX_INPUT_CHARS = 12_000;
/** Two friendly sentences fit easily; the limit is for the answer alone, thinking comes on top. */
const ANSWER_TOKENS = 200;
/** About 200 tokens of text; a longer answer ignored the instruction and is not shipped. */
const MAX_SUMMARY_CHARS = 1_000;

export async function summarise(ctx: ActionContext, digestText: string): Promise<string | undefined> {
  // The API-key backend needs the secret; Vertex AI uses the function's own service account.
  if (!ctx.config.gemini.vertex && !(await ctx.secrets.has('gemini-api-key'))) return undefined;
  const { model, modelSetting } = ctx.config.gemini.summary;
  const setting: ModelSetting = { model, setting: modelSetting };
  const usage = new UsageStore(ctx.stores.db);
  const now = ctx.clock.now();
  const day = usageDay(now);
  try {
    if ((await usage.tokensOn(ctx.user.uid, day)) >= ctx.config.gemini.dailyTokenBudget) {
      ctx.log.info('digest summary skipped: the daily token budget is spent');
      return undefined;
    }
    const result = await ask(ctx, digestText);
    await usage
      .add(ctx.user.uid, day, result.totalTokens, now, { thoughtTokens: result.thoughtTokens, cachedTokens: result.cachedTokens })
      .catch((e: unknown) => ctx.log.error('token usage not recorded', { err: e, tokens: result.totalTokens }));
    return accept(ctx, result);
  } catch (e) {
    ctx.log.warn('digest summary skipped', { err: mapGeminiError(e, setting) });
    return undefined;
  }
}

async function ask(ctx: ActionContext, digestText: string): Promise<ModelResult> {
  const ai = await openGeminiClient({ config: ctx.config, secrets: ctx.secrets, googleAuth: ctx.googleAuth });
  const { model, thinkingBudget } = ctx.config.gemini.summary;
  const prompt = `Summarise this daily digest in at most two friendly sentences. Do not invent anything.\n\n${digestText.slice(0, MAX_INPUT_CHARS)}`;
  const raw = await ai.models.generateContent({
    model,
    contents: [{ role: 'user', parts: [{ text: prompt }] }],
    config: {
      ...boundedOutput(model, ANSWER_TOKENS, thinkingBudget),
      temperature: 0.3,
      abortSignal: AbortSignal.any([ctx.signal, AbortSignal.timeout(DEADLINE_MS)]),
    },
  });
  return toModelResult(raw);
}

/** The summary text when it is whole; otherwise undefined, with the reason logged. */
function accept(ctx: ActionContext, r: ModelResult): string | undefined {
  const text = (r.content?.parts ?? [])
    .filter((p) => p.text && !p.thought)
    .map((p) => p.text)
    .join('')
    .trim();
  const usage = { finishReason: r.finishReason, totalTokens: r.totalTokens, thoughtTokens: r.thoughtTokens, cachedTokens: r.cachedTokens, chars: text.length };
  let reason: string | undefined;
  if (r.blockReason) reason = `prompt blocked (${r.blockReason})`;
  else if (r.finishReason === 'MAX_TOKENS') reason = 'cut off at maxOutputTokens (thinking counts toward it)';
  else if (r.finishReason && r.finishReason !== 'STOP') reason = `stopped with ${r.finishReason}`;
  else if (!text) reason = 'empty answer';
  else if (text.length > MAX_SUMMARY_CHARS) reason = 'longer than a summary';
  if (reason) {
    ctx.log.warn(`digest summary left out: ${reason}`, usage);
    return undefined;
  }
  return text;
}
