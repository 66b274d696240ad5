import type { FunctionDeclaration } from '../actions/declarations';
import { GenerateResponseSchema, type Content, type GenerateResponse, type Part } from '../gemini/gemini-schemas';
import { tokenCost } from '../gemini/gemini-usage';

// What the loop needs from a model: one step (a request in, the model's turn out). The Gemini
// implementation is gemini-model.ts; tests and the bench can pass an in-process one.

export interface ModelRequest {
  systemInstruction: string;
  contents: Content[];
  tools: FunctionDeclaration[];
}

export interface ModelCallOptions {
  signal: AbortSignal;
  /** Epoch ms after which no retry may start. */
  deadlineAt: number;
  /** Set when streaming: receives each visible text delta as it arrives. */
  onText?: (delta: string) => void;
}

export interface ModelResult {
  /** The model's turn exactly as received (thought signatures included). */
  content?: Content;
  finishReason?: string;
  blockReason?: string;
  /** Billed tokens, thinking included (gemini-usage.ts). */
  totalTokens: number;
  /** Of which thinking. */
  thoughtTokens: number;
  /** Prompt tokens served from the context cache (usageMetadata.cachedContentTokenCount). */
  cachedTokens: number;
}

export interface ModelClient {
  generate(request: ModelRequest, opts: ModelCallOptions): Promise<ModelResult>;
}

export function toModelResult(raw: unknown): ModelResult {
  const r = GenerateResponseSchema.parse(raw);
  return fromParsed(r, r.candidates?.[0]?.content?.parts ?? []);
}

/**
 * Joins streamed chunks into one turn. Parts are concatenated in arrival order without merging
 * text, so a thought signature stays on the very part it arrived with.
 */
export class StreamAssembler {
  private readonly parts: Part[] = [];
  private last: GenerateResponse = {};
  private finishReason?: string;
  private blockReason?: string;
  private tokens = 0;
  private thoughts = 0;
  private cached = 0;

  /** Adds a chunk; returns the visible text it carried. */
  add(raw: unknown): string {
    const chunk = GenerateResponseSchema.parse(raw);
    this.last = chunk;
    const candidate = chunk.candidates?.[0];
    this.finishReason = candidate?.finishReason ?? this.finishReason;
    this.blockReason = chunk.promptFeedback?.blockReason ?? this.blockReason;
    // Usage comes with the last chunk (earlier ones may carry a partial count): keep the largest.
    const cost = tokenCost(chunk.usageMetadata);
    this.tokens = Math.max(this.tokens, cost.total);
    this.thoughts = Math.max(this.thoughts, cost.thoughts);
    this.cached = Math.max(this.cached, cost.cached);
    let text = '';
    for (const part of candidate?.content?.parts ?? []) {
      if (isEmptyText(part)) continue;
      this.parts.push(part);
      if (part.text && !part.thought) text += part.text;
    }
    return text;
  }

  result(): ModelResult {
    const base = fromParsed(this.last, this.parts);
    return {
      ...base,
      finishReason: this.finishReason,
      blockReason: this.blockReason,
      totalTokens: this.tokens,
      thoughtTokens: this.thoughts,
      cachedTokens: this.cached,
    };
  }
}

function fromParsed(r: GenerateResponse, parts: Part[]): ModelResult {
  const candidate = r.candidates?.[0];
  const cost = tokenCost(r.usageMetadata);
  return {
    content: parts.length > 0 ? { role: 'model', parts } : undefined,
    finishReason: candidate?.finishReason,
    blockReason: r.promptFeedback?.blockReason,
    totalTokens: cost.total,
    thoughtTokens: cost.thoughts,
    cachedTokens: cost.cached,
  };
}

// A streamed chunk may carry an empty text part; it means nothing unless it holds a signature.
function isEmptyText(part: Part): boolean {
  return part.text === '' && !part.thoughtSignature && !part.functionCall && Object.keys(part).length === 1;
}
