import type { ActionContext } from '../../runtime/context';
import { registerSecretValue } from '../../log';
import { boundedOutput } from '../../gemini/gemini-thinking';
import { GenerateResponseSchema } from '../../gemini/gemini-schemas';
import { tokenCost, type TokenCost } from '../../gemini/gemini-usage';
import { type MailCategory, SORT_RESPONSE_SCHEMA, SortAnswer, sortPrompt, type SortableMessage } from './mail-sort-prompt';

// One structured-output call to Gemini that sorts a batch of messages. Only ids that were asked
// about are kept (a model may echo a made-up id); an answer that is cut off, blocked or not JSON
// of the schema sorts nothing and says why in `problem` (its tokens were still spent, so the cost
// is returned either way). A failed call throws. One attempt, short deadline.

const DEADLINE_MS = 20_000;
/** Room for one `{"id": …, "category": …}` entry; thinking comes on top (gemini-thinking.ts). */
const TOKENS_PER_MESSAGE = 40;

export interface ModelSort {
  sorted: Map<string, MailCategory>;
  cost: TokenCost;
  problem?: string;
}

export async function sortWithModel(ctx: ActionContext, messages: readonly SortableMessage[]): Promise<ModelSort> {
  const apiKey = (await ctx.secrets.get('gemini-api-key')).value;
  registerSecretValue(apiKey);
  const { GoogleGenAI } = await import('@google/genai');
  const { baseUrl } = ctx.config.gemini;
  const { model } = ctx.config.gemini.mailSort;
  const ai = new GoogleGenAI({ apiKey, httpOptions: { apiVersion: 'v1beta', ...(baseUrl ? { baseUrl } : {}) } });
  const raw = await ai.models.generateContent({
    model,
    contents: [{ role: 'user', parts: [{ text: sortPrompt(messages, ctx.ids.random()) }] }],
    config: {
      ...boundedOutput(model, 64 + TOKENS_PER_MESSAGE * messages.length),
      temperature: 0,
      responseMimeType: 'application/json',
      responseJsonSchema: SORT_RESPONSE_SCHEMA,
      abortSignal: AbortSignal.any([ctx.signal, AbortSignal.timeout(DEADLINE_MS)]),
    },
  });
  const r = GenerateResponseSchema.parse(raw);
  const cost = tokenCost(r.usageMetadata);
  const candidate = r.candidates?.[0];
  const none = new Map<string, MailCategory>();
  if (r.promptFeedback?.blockReason) return { sorted: none, cost, problem: `prompt blocked (${r.promptFeedback.blockReason})` };
  if (candidate?.finishReason !== 'STOP') return { sorted: none, cost, problem: `answer stopped with ${candidate?.finishReason ?? 'no candidate'}` };
  const text = (candidate.content?.parts ?? [])
    .filter((p) => p.text && !p.thought)
    .map((p) => p.text)
    .join('');
  const answer = SortAnswer.safeParse(parseJson(text));
  if (!answer.success) return { sorted: none, cost, problem: 'answer is not JSON of the response schema' };
  const asked = new Set(messages.map((m) => m.id));
  const sorted = new Map<string, MailCategory>();
  for (const e of answer.data.sorted) if (asked.has(e.id) && !sorted.has(e.id)) sorted.set(e.id, e.category);
  return { sorted, cost };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
