// Gemini's REST wire format (v1beta generateContent / streamGenerateContent), as the fake speaks
// it, and the small vocabulary tests use to script the model's answers.
// https://ai.google.dev/api/generate-content

export interface WireFunctionCall {
  name: string;
  args?: Record<string, unknown>;
  id?: string;
}

export interface WirePart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: WireFunctionCall;
  functionResponse?: { name: string; id?: string; response: Record<string, unknown> };
}

export interface WireContent {
  role?: 'user' | 'model';
  parts: WirePart[];
}

export interface WireDeclaration {
  name: string;
  description?: string;
  parameters?: unknown;
  parametersJsonSchema?: unknown;
}

export interface WireThinkingConfig {
  includeThoughts?: boolean;
  thinkingBudget?: number;
}

export interface WireGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  thinkingConfig?: WireThinkingConfig;
  [field: string]: unknown;
}

export interface WireRequest {
  contents: WireContent[];
  systemInstruction?: WireContent;
  tools?: { functionDeclarations?: WireDeclaration[] }[];
  toolConfig?: unknown;
  generationConfig?: WireGenerationConfig;
}

export interface WireUsage {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
  totalTokenCount?: number;
  promptTokensDetails?: { modality: string; tokenCount: number }[];
  cacheTokensDetails?: { modality: string; tokenCount: number }[];
}

export interface WireCandidate {
  /** proto3 JSON: a content with no parts is sent as `{role: 'model'}`, without `parts`. */
  content?: { role: 'model'; parts?: WirePart[] };
  finishReason?: string;
  index?: number;
}

export interface WireResponse {
  candidates?: WireCandidate[];
  promptFeedback?: { blockReason: string };
  usageMetadata?: WireUsage;
  modelVersion?: string;
  responseId?: string;
}

/** How a scripted answer thinks, is metered, and (streaming) fails. */
export interface ReplyOptions {
  /** Fixes usageMetadata.totalTokenCount (budget tests). */
  usage?: number;
  /** Thinking tokens this answer would spend; the request's thinking budget and maxOutputTokens cap it. */
  thinkingTokens?: number;
  /** The thought summary returned as a `thought: true` part when the request sets includeThoughts. */
  thoughts?: string;
  /** Streaming: after this many SSE events, an error event instead of the rest (Gemini's mid-stream failure). */
  streamError?: { afterChunks: number; status: number; message?: string };
}

/** What the scripted model does for one request. */
export type ModelReply =
  | ({ text: string } & ReplyOptions)
  | ({ calls: WireFunctionCall[]; text?: string } & ReplyOptions)
  /** The prompt is refused outright (promptFeedback.blockReason, no candidates). */
  | { blocked: string }
  /** A candidate that stops with this reason and no content (SAFETY, RECITATION, …). */
  | { finishReason: string }
  /** A candidate with no parts at all. */
  | { empty: true }
  | { error: { status: number; message?: string; retryDelaySec?: number } }
  /** Sent as is (it must still be valid proto3 JSON: the fake checks its own answers). */
  | { raw: WireResponse }
  /** Answers after this delay (ms): a slow model. */
  | { delayMs: number; then: ModelReply };

/** One request the fake received, decoded. */
export interface GeminiCall {
  /** The model named in the path, as sent. */
  model: string;
  stream: boolean;
  body: WireRequest;
  /** Names of the declared tools. */
  tools: string[];
  at: number;
  /** Which API it came through: the Gemini API (API key) or Vertex AI (OAuth). */
  backend: 'api-key' | 'vertex';
  /** Prompt tokens the implicit cache served (implicit-cache.ts). */
  cachedTokens?: number;
}

export type ScriptEntry = ModelReply | ((call: GeminiCall) => ModelReply);

// ---- builders used by tests ---------------------------------------------------------------

export const say = (text: string): ModelReply => ({ text });
export const call = (name: string, args: Record<string, unknown> = {}): ModelReply => ({ calls: [{ name, args }] });
export const calls = (...list: WireFunctionCall[]): ModelReply => ({ calls: list });

/** The functionResponse parts of the last content of a request (what the tools answered). */
export function lastFunctionResponses(call: GeminiCall): { name: string; id?: string; response: Record<string, unknown> }[] {
  const last = call.body.contents.at(-1);
  return (last?.parts ?? []).flatMap((p) => (p.functionResponse ? [p.functionResponse] : []));
}
