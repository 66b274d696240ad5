import { z } from 'zod';
import type { ActionContext } from '../runtime/context';
import { registerSecretValue } from '../log';

// An optional two-sentence opening for the digest, written by Gemini from the digest's own text.
// Skipped when the server has no gemini-api-key; any failure just leaves the summary out — a
// digest is never held back by the model. One attempt, short deadline, no retries.

const DEADLINE_MS = 15_000;
const MAX_INPUT_CHARS = 12_000;

const Response = z.looseObject({ text: z.string().optional() });

export async function summarise(ctx: ActionContext, digestText: string): Promise<string | undefined> {
  if (!(await ctx.secrets.has('gemini-api-key'))) return undefined;
  try {
    const apiKey = (await ctx.secrets.get('gemini-api-key')).value;
    registerSecretValue(apiKey);
    const { GoogleGenAI } = await import('@google/genai');
    const ai = new GoogleGenAI({ apiKey, httpOptions: { apiVersion: 'v1beta', ...(ctx.config.gemini.baseUrl ? { baseUrl: ctx.config.gemini.baseUrl } : {}) } });
    const res = await ai.models.generateContent({
      model: ctx.config.gemini.model,
      contents: [
        {
          role: 'user',
          parts: [
            { text: `Summarise this daily digest in at most two friendly sentences. Do not invent anything.\n\n${digestText.slice(0, MAX_INPUT_CHARS)}` },
          ],
        },
      ],
      config: { maxOutputTokens: 200, temperature: 0.3, abortSignal: AbortSignal.any([ctx.signal, AbortSignal.timeout(DEADLINE_MS)]) },
    });
    const text = Response.parse({ text: res.text }).text?.trim();
    return text ? text.slice(0, 600) : undefined;
  } catch (e) {
    ctx.log.warn('digest summary skipped', { err: e });
    return undefined;
  }
}
