import type { GeminiFake, WireResponse } from '../../sandbox/gemini';

// Raw HTTP to the Gemini fake, for tests of the wire itself (what the SDK would never send, such
// as unknown fields, has to be sent by hand).

export interface WireReply {
  status: number;
  json: WireResponse & { error?: { code: number; message: string; status: string; details?: Record<string, unknown>[] } };
  text: string;
}

export async function postGenerate(fake: GeminiFake, model: string, body: unknown, opts: { stream?: boolean } = {}): Promise<WireReply> {
  const method = opts.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  const res = await fetch(`${fake.url}/v1beta/models/${model}:${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': fake.apiKey },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: opts.stream && res.ok ? {} : JSON.parse(text) };
}

/** The JSON events of an SSE body. */
export function sseEvents(text: string): Record<string, unknown>[] {
  return text
    .split(/\r\n\r\n/)
    .filter((e) => e.startsWith('data: '))
    .map((e) => JSON.parse(e.slice('data: '.length)) as Record<string, unknown>);
}

export const userText = (text: string) => ({ role: 'user', parts: [{ text }] });
export const weatherTool = { functionDeclarations: [{ name: 'get_weather', description: 'Weather for a city.', parametersJsonSchema: { type: 'object' } }] };
