import { errorObject } from './errors';
import type { ReplyOptions, WirePart, WireResponse } from './wire';

// streamGenerateContent?alt=sse: the same answer as a series of GenerateContentResponse events.
// Text arrives in small deltas; a thought part, and each function call, arrive whole; a signature
// on a text part comes on its own empty text part at the end, as Gemini sends it; the last event
// carries the finish reason and the usage. A stream can also fail part-way: Gemini then sends an
// error object as an event (HTTP status already 200) and ends the stream.

export function sseEvents(response: WireResponse, streamError?: ReplyOptions['streamError']): unknown[] {
  const candidate = response.candidates?.[0];
  const meta = { modelVersion: response.modelVersion, responseId: response.responseId };
  const events: WireResponse[] = [];
  const push = (parts: WirePart[]) => events.push({ candidates: [{ content: { role: 'model', parts }, index: 0 }], ...meta });
  for (const part of candidate?.content?.parts ?? []) {
    if (part.text === undefined || part.thought) {
      push([part]);
      continue;
    }
    for (const piece of part.text.match(/[\s\S]{1,12}/g) ?? []) push([{ text: piece }]);
    if (part.thoughtSignature) push([{ text: '', thoughtSignature: part.thoughtSignature }]);
  }
  // The last event carries the finish reason and the usage (and is the only one when nothing was said).
  const last = events.pop();
  const lastParts = last?.candidates?.[0]?.content?.parts;
  const content = lastParts ? { role: 'model' as const, parts: lastParts } : candidate?.content;
  events.push({ ...response, candidates: candidate ? [{ ...candidate, ...(content ? { content } : {}) }] : undefined });
  if (!streamError) return events;
  const kept: unknown[] = events.slice(0, streamError.afterChunks);
  return [...kept, errorObject(streamError.status, streamError.message)];
}

export function sseBody(events: unknown[]): string {
  return events.map((e) => `data: ${JSON.stringify(e)}\r\n\r\n`).join('');
}
