import { randomBytes } from 'node:crypto';
import type { FakeResponse } from '../fake-server';
import { signatureKey } from './validate';
import type { GeminiCall, ModelReply, WirePart, WireResponse } from './wire';

// Turns a scripted ModelReply into Gemini's wire answer: a GenerateContentResponse for
// generateContent, or the same split into SSE chunks for streamGenerateContent?alt=sse.

export function googleError(status: number, message: string, extra: Record<string, unknown> = {}): FakeResponse {
  const STATUS: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
  };
  return { status, body: { error: { code: status, message, status: STATUS[status] ?? 'UNKNOWN', ...extra } } };
}

export function errorFor(reply: Extract<ModelReply, { error: unknown }>): FakeResponse {
  const { status, message, retryDelaySec } = reply.error;
  const details = retryDelaySec === undefined ? undefined : [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySec}s` }];
  return googleError(status, message ?? `[gemini fake] injected ${status}`, details ? { details } : {});
}

/** The full response; function-call parts get a fresh thoughtSignature, remembered in `signatures`. */
export function responseFor(reply: ModelReply, call: GeminiCall, signatures: Map<string, string>): WireResponse {
  if ('raw' in reply) return reply.raw;
  const usage = (out: unknown, fixed?: number) => usageFor(call, out, fixed);
  if ('blocked' in reply) return { promptFeedback: { blockReason: reply.blocked }, usageMetadata: usage('') };
  if ('finishReason' in reply) return { candidates: [{ finishReason: reply.finishReason, index: 0 }], usageMetadata: usage('') };
  if ('empty' in reply) return { candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'STOP', index: 0 }], usageMetadata: usage('') };
  if (!('text' in reply) && !('calls' in reply)) throw new Error('[gemini fake] reply kind not answerable here');
  const parts: WirePart[] = [];
  if (reply.text) parts.push({ text: reply.text });
  for (const [i, fc] of ('calls' in reply ? reply.calls : []).entries()) {
    const part: WirePart = { functionCall: { name: fc.name, args: fc.args ?? {}, ...(fc.id ? { id: fc.id } : {}) } };
    // Gemini 3 signs the first function call of a step; the client must send it back.
    if (i === 0) {
      part.thoughtSignature = randomBytes(24).toString('base64');
      signatures.set(signatureKey(fc.name, part.functionCall?.args), part.thoughtSignature);
    }
    parts.push(part);
  }
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata: usage(parts, reply.usage),
    modelVersion: call.model,
    responseId: randomBytes(8).toString('hex'),
  };
}

/** SSE body: text in small deltas, then the remaining parts and the finish reason. */
export function sseBody(response: WireResponse): string {
  const candidate = response.candidates?.[0];
  const parts = candidate?.content?.parts ?? [];
  const chunks: WireResponse[] = [];
  for (const part of parts) {
    if (part.text === undefined || part.thoughtSignature) {
      chunks.push({ candidates: [{ content: { role: 'model', parts: [part] }, index: 0 }] });
      continue;
    }
    for (const piece of part.text.match(/[\s\S]{1,12}/g) ?? [''])
      chunks.push({ candidates: [{ content: { role: 'model', parts: [{ text: piece }] }, index: 0 }] });
  }
  // The last chunk carries the finish reason and the usage, as Gemini's does.
  const tail = chunks.pop();
  const tailParts = tail?.candidates?.[0]?.content?.parts ?? [];
  chunks.push({ ...response, candidates: candidate ? [{ ...candidate, content: { role: 'model', parts: tailParts } }] : undefined });
  return chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`).join('');
}

function usageFor(call: GeminiCall, out: unknown, fixed?: number) {
  // About four characters per token, as Gemini's own rule of thumb; tests may fix the total.
  const prompt = Math.ceil(JSON.stringify(call.body).length / 4);
  const candidates = Math.ceil(JSON.stringify(out).length / 4);
  return { promptTokenCount: prompt, candidatesTokenCount: candidates, totalTokenCount: fixed ?? prompt + candidates };
}
