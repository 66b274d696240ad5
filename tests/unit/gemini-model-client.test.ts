import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGeminiFake, type GeminiFake } from '../../sandbox/gemini';
import { loadConfig } from '../../shared/config';
import { AppError } from '../../shared/errors';
import { createLogger } from '../../shared/log';
import { createGeminiModel } from '../../shared/orchestrator/gemini-model';
import { tokenCost } from '../../shared/gemini/gemini-usage';
import { boundedOutput, leastThinking } from '../../shared/gemini/gemini-thinking';

// The app's Gemini client against the strict fake: a misconfigured model, thinking tokens in the
// usage it reports, a stream that fails after showing text. And the small pure pieces.

let fake: GeminiFake;
const logs: string[] = [];
beforeAll(async () => {
  fake = await startGeminiFake();
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.reset();
  fake.resetRecords();
  logs.splice(0);
});

const model = (env: Record<string, string> = {}) =>
  createGeminiModel({
    config: loadConfig({ GOOGLE_CLOUD_PROJECT: 'p', AUTH_MODE: 'dev', GEMINI_BASE_URL: fake.url, ...env }),
    secrets: { get: async () => ({ value: fake.apiKey, version: '1' }), has: async () => true },
    log: createLogger({ sink: (l) => logs.push(l) }),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
const request = { systemInstruction: 's', contents: [{ role: 'user' as const, parts: [{ text: 'hi' }] }], tools: [] };
const opts = () => ({ signal: new AbortController().signal, deadlineAt: Date.now() + 10_000 });
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('a GEMINI_MODEL that Gemini does not serve', () => {
  it('fails with a clear, non-retryable error naming the setting; once known, without calling Gemini again', async () => {
    const m = model({ GEMINI_MODEL: 'gemini-2.5-flsh' });
    const err = await m.generate(request, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: 'upstream_error',
      status: 502,
      retryable: false,
      details: { reason: 'model_not_found', setting: 'GEMINI_MODEL', model: 'gemini-2.5-flsh' },
    });
    expect((err as AppError).message).toMatch(/GEMINI_MODEL/);
    const posts = () => fake.requests.filter((r) => r.method === 'POST').length;
    expect(posts()).toBe(1); // a 404 is not retried
    await until(() => fake.requests.some((r) => r.method === 'GET'));
    expect(fake.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual(['/v1beta/models/gemini-2.5-flsh']);
    await expect(m.generate(request, opts())).rejects.toMatchObject({ details: { setting: 'GEMINI_MODEL' } });
    expect(posts()).toBe(1);
    expect(logs.filter((l) => l.includes('names a model Gemini does not serve'))).toHaveLength(1);
  });

  it('a served model is checked once per instance, beside the first call, and nothing is logged', async () => {
    const m = model();
    fake.otherwise({ text: 'ok' });
    await m.generate(request, opts());
    await m.generate(request, opts());
    await until(() => fake.requests.some((r) => r.method === 'GET'));
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    expect(logs.filter((l) => l.includes('"severity":"ERROR"'))).toEqual([]);
  });
});

describe('thinking tokens', () => {
  it('are part of the tokens a step costs, streamed or not, and reported apart', async () => {
    fake.script({ text: 'an answer', thinkingTokens: 300 }, { text: 'an answer', thinkingTokens: 300 });
    const whole = await model().generate(request, opts());
    const streamed = await model().generate(request, { ...opts(), onText: () => {} });
    for (const r of [whole, streamed]) {
      expect(r.thoughtTokens).toBe(300);
      expect(r.totalTokens).toBeGreaterThan(300);
    }
    expect(streamed.totalTokens).toBe(whole.totalTokens);
  });

  it('tokenCost never undercounts a total that leaves thinking out', () => {
    expect(tokenCost({ promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 30, totalTokenCount: 45 })).toEqual({
      total: 45,
      thoughts: 30,
      cached: 0,
    });
    expect(tokenCost({ promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 30, totalTokenCount: 15 })).toEqual({
      total: 45,
      thoughts: 30,
      cached: 0,
    });
    expect(tokenCost({ promptTokenCount: 10, thoughtsTokenCount: 200, totalTokenCount: 210 })).toEqual({ total: 210, thoughts: 200, cached: 0 });
    expect(tokenCost(undefined)).toEqual({ total: 0, thoughts: 0, cached: 0 });
    expect(tokenCost({ promptTokenCount: 2_000, cachedContentTokenCount: 1_500, candidatesTokenCount: 5, totalTokenCount: 2_005 })).toEqual({
      total: 2_005,
      thoughts: 0,
      cached: 1_500,
    });
  });
});

describe('a stream that fails part-way', () => {
  it('is not replayed once text was shown, and fails with the mapped error', async () => {
    fake.script({ text: 'Half of an answer that breaks off.', streamError: { afterChunks: 2, status: 503 } }, { text: 'never' });
    const shown: string[] = [];
    const err = await model()
      .generate(request, { ...opts(), onText: (d) => shown.push(d) })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'upstream_unavailable', retryable: false });
    expect(shown.join('')).toBe('Half of an answer that b'); // two 12-character deltas
    expect(fake.calls).toHaveLength(1);
  });
});

describe('bounded output (the digest summary)', () => {
  it.each([
    ['gemini-2.5-flash', 0, 200],
    ['gemini-2.5-flash-lite', 0, 200],
    ['gemini-flash-latest', 0, 200],
    ['gemini-2.5-pro', 128, 328],
    ['gemini-3-pro-preview', 128, 328],
    ['gemini-3-flash-preview', 128, 328],
  ])('%s: thinking budget %i, maxOutputTokens %i', (name, thinkingBudget, maxOutputTokens) => {
    expect(boundedOutput(name, 200)).toEqual({ maxOutputTokens, thinkingConfig: { thinkingBudget } });
  });
  it('sends no thinking config to models that do not think, and leaves room for a dynamic budget', () => {
    expect(leastThinking('gemini-2.0-flash')).toBeUndefined();
    expect(boundedOutput('gemini-2.0-flash', 200)).toEqual({ maxOutputTokens: 200 });
    expect(boundedOutput('gemini-2.5-flash', 200, -1)).toEqual({ maxOutputTokens: 200 + 8_192, thinkingConfig: { thinkingBudget: -1 } });
  });
});
