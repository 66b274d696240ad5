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

export interface WireRequest {
  contents: WireContent[];
  systemInstruction?: WireContent;
  tools?: { functionDeclarations?: WireDeclaration[] }[];
  toolConfig?: unknown;
  generationConfig?: unknown;
}

export interface WireResponse {
  candidates?: { content?: WireContent; finishReason?: string; index?: number }[];
  promptFeedback?: { blockReason: string };
  usageMetadata?: { promptTokenCount: number; candidatesTokenCount: number; totalTokenCount: number };
  modelVersion?: string;
  responseId?: string;
}

/** What the scripted model does for one request. */
export type ModelReply =
  | { text: string; usage?: number }
  | { calls: WireFunctionCall[]; text?: string; usage?: number }
  /** The prompt is refused outright (promptFeedback.blockReason, no candidates). */
  | { blocked: string }
  /** A candidate that stops with this reason and no content (SAFETY, RECITATION, …). */
  | { finishReason: string }
  /** A candidate with no parts at all. */
  | { empty: true }
  | { error: { status: number; message?: string; retryDelaySec?: number } }
  | { raw: WireResponse }
  /** Answers after this delay (ms): a slow model. */
  | { delayMs: number; then: ModelReply };

/** One request the fake received, decoded. */
export interface GeminiCall {
  model: string;
  stream: boolean;
  body: WireRequest;
  /** Names of the declared tools. */
  tools: string[];
  at: number;
}

export type ScriptEntry = ModelReply | ((call: GeminiCall) => ModelReply);

// ---- builders used by tests ---------------------------------------------------------------

export const say = (text: string): ModelReply => ({ text });
export const call = (name: string, args: Record<string, unknown> = {}): ModelReply => ({ calls: [{ name, args }] });
export const calls = (...list: WireFunctionCall[]): ModelReply => ({ calls: list });
export const fail = (status: number, message?: string): ModelReply => ({ error: { status, message } });

/** The functionResponse parts of the last content of a request (what the tools answered). */
export function lastFunctionResponses(call: GeminiCall): { name: string; id?: string; response: Record<string, unknown> }[] {
  const last = call.body.contents.at(-1);
  return (last?.parts ?? []).flatMap((p) => (p.functionResponse ? [p.functionResponse] : []));
}
