import { ApiError, GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGeminiFake, type GeminiFake } from '../../sandbox/gemini';
import { postGenerate, sseEvents, userText, weatherTool } from '../support/gemini-wire';

// What the Gemini fake answers, and how: metered like a thinking model (thinking counts toward
// maxOutputTokens), signed, in proto3 JSON, with Google's error shapes, streamed like Gemini
// streams (including a failure part-way through).

let fake: GeminiFake;
beforeAll(async () => {
  fake = await startGeminiFake();
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

const DIGEST_PROMPT = `Summarise this daily digest in at most two friendly sentences.\n\nCalendar\n• 09:30 Standup\n• 13:00 Lunch with Ana\nEmail\n3 new.`;
const SUMMARY = 'A calm day: standup at half nine and lunch with Ana, plus three new emails waiting for you.';
const ask = (generationConfig?: Record<string, unknown>) => ({ contents: [userText(DIGEST_PROMPT)], ...(generationConfig ? { generationConfig } : {}) });

describe('thinking and maxOutputTokens', () => {
  it('a thinking model spends maxOutputTokens on thoughts first: a 200-token limit leaves no answer (MAX_TOKENS)', async () => {
    fake.script({ text: SUMMARY });
    const r = await postGenerate(fake, 'gemini-2.5-flash', ask({ maxOutputTokens: 200 }));
    expect(r.json.candidates?.[0]).toEqual({ content: { role: 'model' }, finishReason: 'MAX_TOKENS', index: 0 });
    const u = r.json.usageMetadata;
    expect(u).toMatchObject({ thoughtsTokenCount: 200, totalTokenCount: (u?.promptTokenCount ?? 0) + 200 });
    expect(u).not.toHaveProperty('candidatesTokenCount');
  });

  it('a cut answer: the room left after thinking, then MAX_TOKENS', async () => {
    fake.script({ text: SUMMARY, thinkingTokens: 190 });
    const r = await postGenerate(fake, 'gemini-2.5-flash', ask({ maxOutputTokens: 200 }));
    const c = r.json.candidates?.[0];
    expect(c?.finishReason).toBe('MAX_TOKENS');
    expect(c?.content?.parts?.[0]?.text).toBe(SUMMARY.slice(0, 40));
    expect(r.json.usageMetadata).toMatchObject({ thoughtsTokenCount: 190, candidatesTokenCount: 10 });
  });

  it('with thinking off (budget 0) the whole answer fits, unsigned, and usage adds up', async () => {
    fake.script({ text: SUMMARY });
    const r = await postGenerate(fake, 'gemini-2.5-flash', ask({ maxOutputTokens: 200, thinkingConfig: { thinkingBudget: 0 } }));
    expect(r.json.candidates?.[0]).toEqual({ content: { role: 'model', parts: [{ text: SUMMARY }] }, finishReason: 'STOP', index: 0 });
    const u = r.json.usageMetadata;
    expect(u).not.toHaveProperty('thoughtsTokenCount');
    expect(u?.totalTokenCount).toBe((u?.promptTokenCount ?? 0) + Math.ceil(SUMMARY.length / 4));
  });

  it('an explicit budget caps the thinking; a model without thinking never thinks', async () => {
    fake.script({ text: SUMMARY }, { text: SUMMARY });
    const pro = await postGenerate(fake, 'gemini-2.5-pro', ask({ maxOutputTokens: 328, thinkingConfig: { thinkingBudget: 128 } }));
    expect([pro.json.candidates?.[0]?.finishReason, pro.json.usageMetadata?.thoughtsTokenCount]).toEqual(['STOP', 128]);
    const old = await postGenerate(fake, 'gemini-2.0-flash', ask({ maxOutputTokens: 200 }));
    expect(old.json.usageMetadata).not.toHaveProperty('thoughtsTokenCount');
    expect(old.json.candidates?.[0]?.content?.parts).toEqual([{ text: SUMMARY }]);
  });

  it('returns a thought summary part first when asked to include thoughts', async () => {
    fake.script({ text: 'Answer.', thoughts: '**Checking the calendar**' });
    const r = await postGenerate(fake, 'gemini-2.5-flash', ask({ thinkingConfig: { includeThoughts: true } }));
    const parts = r.json.candidates?.[0]?.content?.parts;
    expect(parts?.[0]).toEqual({ text: '**Checking the calendar**', thought: true });
    expect(parts?.[1]).toEqual({ text: 'Answer.', thoughtSignature: expect.any(String) });
  });
});

describe('signatures', () => {
  it('signs the first of parallel calls only, and the last text part when there is no call', async () => {
    fake.script(
      {
        calls: [
          { name: 'get_weather', args: { city: 'Oslo' } },
          { name: 'get_weather', args: { city: 'Rome' } },
        ],
      },
      { text: 'Both sunny.' },
    );
    const calls = await postGenerate(fake, 'gemini-2.5-flash', { contents: [userText('weather?')], tools: [weatherTool] });
    const [first, second] = calls.json.candidates?.[0]?.content?.parts ?? [];
    expect(first?.thoughtSignature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(second).not.toHaveProperty('thoughtSignature');
    const text = await postGenerate(fake, 'gemini-2.5-flash', { contents: [userText('and?')] });
    expect(text.json.candidates?.[0]?.content?.parts).toEqual([{ text: 'Both sunny.', thoughtSignature: expect.any(String) }]);
  });
});

describe('errors', () => {
  it.each([
    [429, 'RESOURCE_EXHAUSTED'],
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
    [504, 'DEADLINE_EXCEEDED'],
  ])('%i carries Google status %s', async (status, name) => {
    fake.script({ error: { status, retryDelaySec: status === 429 ? 17 : undefined } });
    const r = await postGenerate(fake, 'gemini-2.5-flash', ask());
    expect([r.status, r.json.error?.code, r.json.error?.status]).toEqual([status, status, name]);
    if (status === 429) expect(r.json.error?.details).toContainEqual({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17s' });
  });

  it('injected faults have the same shape', async () => {
    fake.inject({ status: 503 });
    const r = await postGenerate(fake, 'gemini-2.5-flash', ask());
    expect(r.json.error).toEqual({ code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' });
  });

  it('refuses to send an answer that is not proto3 JSON (an empty list, a zero count)', async () => {
    fake.script({ raw: { candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'STOP', index: 0 }] } });
    const r = await postGenerate(fake, 'gemini-2.5-flash', ask());
    expect(r.status).toBe(500);
    expect(r.json.error?.message).toMatch(/candidates\[0\]\.content\.parts: an empty repeated or map field is omitted/);
  });
});

describe('streaming', () => {
  it('streams text in deltas, the signature on a final empty text part, finish reason and usage last', async () => {
    fake.script({ text: 'A streamed answer, in pieces.' });
    const r = await postGenerate(fake, 'gemini-2.5-flash', ask(), { stream: true });
    const events = sseEvents(r.text) as { candidates: { content?: { parts: { text?: string; thoughtSignature?: string }[] }; finishReason?: string }[] }[];
    const parts = events.flatMap((e) => e.candidates[0]?.content?.parts ?? []);
    expect(parts.map((p) => p.text).join('')).toBe('A streamed answer, in pieces.');
    expect(parts.at(-1)).toEqual({ text: '', thoughtSignature: expect.any(String) });
    expect(events.slice(0, -1).every((e) => !e.candidates[0]?.finishReason && !('usageMetadata' in e))).toBe(true);
    expect(events.at(-1)).toMatchObject({ candidates: [{ finishReason: 'STOP' }], usageMetadata: { thoughtsTokenCount: expect.any(Number) } });
  });

  it('can fail part-way: the SDK sees the text so far, then an ApiError with the status', async () => {
    fake.script({ text: 'This answer will not finish because the model fails.', streamError: { afterChunks: 2, status: 503 } });
    const ai = new GoogleGenAI({ apiKey: fake.apiKey, httpOptions: { baseUrl: fake.url, apiVersion: 'v1beta' } });
    const seen: string[] = [];
    const run = async () => {
      for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' })) seen.push(chunk.text ?? '');
    };
    await expect(run()).rejects.toSatisfy((e) => e instanceof ApiError && e.status === 503 && /UNAVAILABLE/.test(e.message));
    expect(seen.join('')).toBe('This answer will not fin');
  });
});
