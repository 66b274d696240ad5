import type { GoogleGenAI } from '@google/genai';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { Logger } from '../log';
import { retryRead, type RetryPolicy } from '../providers/retry';
import type { SecretSource } from '../secrets';
import { backendKey, openGeminiClient, type GeminiClientDeps } from './gemini-client';
import { mapGeminiError, type ModelSetting } from '../gemini/gemini-errors';
import { modelCheckFor } from './gemini-model-check';
import { StreamAssembler, toModelResult, type ModelCallOptions, type ModelClient, type ModelRequest, type ModelResult } from './model-client';

// The Gemini model over @google/genai. Retries are ours alone (retryRead within the turn's
// deadline): the SDK retries only when httpOptions.retryOptions is set, which we never do, and
// automatic continuation (which re-opens dropped streams) is switched off, so one logical call
// is never multiplied by two retry layers. Automatic function calling is off too: the loop, not
// the SDK, decides what runs. A 404 means GEMINI_MODEL names no model: that is checked once per
// instance (gemini-model-check.ts) and reported naming the setting. The backend (API key or
// Vertex AI) is gemini-client.ts's choice; the requests and answers are the same either way.

export interface GeminiModelDeps extends GeminiClientDeps {
  config: Config;
  secrets: SecretSource;
  log: Logger;
  retry?: Partial<RetryPolicy>;
}

const RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 400, maxDelayMs: 4_000, deadlineMs: 30_000 };

export function createGeminiModel(deps: GeminiModelDeps): ModelClient {
  const setting: ModelSetting = { model: deps.config.gemini.model, setting: 'GEMINI_MODEL' };
  const check = modelCheckFor(setting, backendKey(deps.config));
  let client: Promise<GoogleGenAI> | undefined;
  const sdk = () => {
    client ??= openGeminiClient(deps).catch((e: unknown) => {
      client = undefined; // a missing key may be added later; do not cache the failure
      throw e;
    });
    return client;
  };
  const mapError = (e: unknown) => {
    const err = mapGeminiError(e, setting);
    if (err.details?.reason === 'model_not_found') check.markMissing(deps.log);
    return err;
  };
  return {
    async generate(request, opts) {
      const ai = await sdk();
      check.start(ai, deps.log);
      check.assertServed();
      let streamed = false;
      const attempt = async (): Promise<ModelResult> => {
        if (!opts.onText) return toModelResult(await ai.models.generateContent(params(deps.config, request, opts)));
        // A stream that already showed text to the user must not be replayed from the start.
        try {
          return await streamOnce(ai, deps.config, request, opts, () => (streamed = true));
        } catch (e) {
          const err = mapError(e);
          throw streamed ? new AppError(err.code, err.message, { cause: e, details: err.details, retryable: false }) : err;
        }
      };
      const policy = { ...RETRY, ...deps.retry, deadlineMs: Math.max(0, opts.deadlineAt - Date.now()) };
      return retryRead(attempt, mapError, policy, { signal: opts.signal });
    },
  };
}

async function streamOnce(ai: GoogleGenAI, config: Config, request: ModelRequest, opts: ModelCallOptions, onFirstText: () => void): Promise<ModelResult> {
  const assembler = new StreamAssembler();
  const stream = await ai.models.generateContentStream(params(config, request, opts));
  for await (const chunk of stream) {
    const text = assembler.add(chunk);
    if (text && opts.onText) {
      onFirstText();
      opts.onText(text);
    }
  }
  return assembler.result();
}

function params(config: Config, request: ModelRequest, opts: ModelCallOptions) {
  return {
    model: config.gemini.model,
    contents: request.contents,
    config: {
      systemInstruction: request.systemInstruction,
      tools: request.tools.length > 0 ? [{ functionDeclarations: request.tools }] : undefined,
      automaticFunctionCalling: { disable: true },
      automaticContinuation: false,
      abortSignal: opts.signal,
    },
  };
}
