import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { AppError } from '../../shared/errors';
import { createLogger } from '../../shared/log';
import { mergeAdjacent } from '../../shared/orchestrator/conversation-store';
import { requireHuman } from '../../shared/orchestrator/decide-tool-approval';
import { mapGeminiError } from '../../shared/gemini/gemini-errors';
import type { Caller } from '../../shared/auth/identity';
import { createGeminiModel } from '../../shared/orchestrator/gemini-model';
import { Governor, type Limits } from '../../shared/orchestrator/governance';
import { StreamAssembler } from '../../shared/orchestrator/model-client';
import { sandboxModel, SANDBOX_LABEL, startGeminiFake, type GeminiCall, type GeminiFake } from '../../sandbox/gemini';

const limits = (over: Partial<Limits> = {}): Limits => ({
  maxSteps: 3,
  maxToolCalls: 4,
  deadlineAt: Date.now() + 60_000,
  dailyTokenBudget: 1_000,
  tokensToday: 0,
  ...over,
});

describe('Governor', () => {
  it('counts model steps up to the cap', () => {
    const g = new Governor(limits());
    expect([g.beforeStep(), g.beforeStep(), g.beforeStep(), g.beforeStep()]).toEqual([undefined, undefined, undefined, 'max_steps']);
  });

  it('stops on the same call with the same arguments, whatever their key order', () => {
    const g = new Governor(limits());
    expect(g.admit([{ name: 'a', args: { x: 1, y: 2 } }])).toBeUndefined();
    expect(g.admit([{ name: 'a', args: { y: 2, x: 1 } }])).toBe('repeated_call');
    expect(
      g.admit([
        { name: 'b', args: {} },
        { name: 'b', args: {} },
      ]),
    ).toBe('repeated_call');
  });

  it("caps tool calls, the deadline and the day's tokens", () => {
    expect(new Governor(limits()).admit([1, 2, 3, 4, 5].map((i) => ({ name: 't', args: { i } })))).toBe('max_tool_calls');
    expect(new Governor(limits({ deadlineAt: Date.now() - 1 })).beforeStep()).toBe('deadline');
    const g = new Governor(limits({ tokensToday: 900 }));
    expect(g.beforeStep()).toBeUndefined();
    g.spent(100);
    expect(g.beforeStep()).toBe('token_budget');
  });
});

describe('StreamAssembler', () => {
  it('joins chunks in order, keeps a thought signature on its own part, takes the last usage', () => {
    const a = new StreamAssembler();
    expect(a.add({ candidates: [{ content: { role: 'model', parts: [{ text: 'Hel' }] } }] })).toBe('Hel');
    expect(a.add({ candidates: [{ content: { role: 'model', parts: [{ text: 'lo', thought: true }, { text: '' }] } }] })).toBe('');
    a.add({
      candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature: 'sig' }] }, finishReason: 'STOP' }],
      usageMetadata: { totalTokenCount: 42 },
    });
    expect(a.result()).toEqual({
      content: { role: 'model', parts: [{ text: 'Hel' }, { text: 'lo', thought: true }, { functionCall: { name: 'f', args: {} }, thoughtSignature: 'sig' }] },
      finishReason: 'STOP',
      blockReason: undefined,
      totalTokens: 42,
      thoughtTokens: 0,
      cachedTokens: 0,
    });
  });
});

describe('mergeAdjacent', () => {
  it('joins consecutive turns of one role', () => {
    const fr = { functionResponse: { name: 'f', response: { output: 1 } } };
    expect(
      mergeAdjacent([
        { role: 'user', parts: [fr] },
        { role: 'user', parts: [{ text: 'hi' }] },
        { role: 'model', parts: [{ text: 'yo' }] },
      ]),
    ).toEqual([
      { role: 'user', parts: [fr, { text: 'hi' }] },
      { role: 'model', parts: [{ text: 'yo' }] },
    ]);
  });
});

describe('mapGeminiError', () => {
  const apiError = (status: number, message = '') => Object.assign(new Error(message), { name: 'ApiError', status });
  it.each([
    [apiError(429, '{"error":{"details":[{"retryDelay":"17s"}]}}'), 'rate_limited', true, 17],
    [apiError(500), 'upstream_unavailable', true, undefined],
    [apiError(503), 'upstream_unavailable', true, undefined],
    [apiError(504), 'upstream_timeout', true, undefined],
    [apiError(400), 'upstream_error', false, undefined],
    [apiError(403), 'upstream_error', false, undefined],
    [Object.assign(new Error('aborted'), { name: 'AbortError' }), 'upstream_timeout', false, undefined],
    [new TypeError('fetch failed'), 'upstream_unavailable', true, undefined],
  ])('%s → %s', (e, code, retryable, retryAfter) => {
    const err = mapGeminiError(e);
    expect(err).toBeInstanceOf(AppError);
    expect([err.code, err.retryable, err.retryAfterSec]).toEqual([code, retryable, retryAfter]);
  });
});

describe('the sandbox model', () => {
  const req = (text: string, tools: string[], extra: GeminiCall['body']['contents'] = []): GeminiCall => ({
    model: 'm',
    stream: false,
    tools,
    at: 0,
    backend: 'api-key',
    body: { contents: [{ role: 'user', parts: [{ text }] }, ...extra] },
  });
  it('picks a declared tool from the message and chains a search into a post, with call ids', () => {
    expect(sandboxModel(req("what's on my calendar?", ['list_calendar_events']))).toEqual({
      calls: [{ name: 'list_calendar_events', args: { days_ahead: 7, max_results: 20 }, id: 'sandbox-1' }],
    });
    const ask = 'Search YouTube for a talk on serverless and tweet the best one';
    expect(sandboxModel(req(ask, ['search_youtube', 'post_tweet']))).toEqual({
      calls: [{ name: 'search_youtube', args: { query: 'serverless', max_results: 5 }, id: 'sandbox-1' }],
    });
    const results = [
      { role: 'model' as const, parts: [{ functionCall: { name: 'search_youtube', args: {}, id: 'sandbox-1' } }] },
      {
        role: 'user' as const,
        parts: [
          {
            functionResponse: {
              name: 'search_youtube',
              id: 'sandbox-1',
              response: { output: { videos: [{ title: 'Cold starts', channel_title: 'Cloud', url: 'https://y/1' }] } },
            },
          },
        ],
      },
    ];
    const next = sandboxModel(req(ask, ['search_youtube', 'post_tweet'], results));
    expect(next).toMatchObject({ calls: [{ name: 'post_tweet', args: { text: 'Worth watching: "Cold starts" by Cloud https://y/1' }, id: 'sandbox-2' }] });
  });
  it('labels itself and says when a tool is not available', () => {
    expect(sandboxModel(req('check my inbox', []))).toEqual({ text: expect.stringContaining(`${SANDBOX_LABEL} That needs list_recent_emails`) });
    expect(sandboxModel(req('hello', []))).toEqual({ text: expect.stringContaining(SANDBOX_LABEL) });
  });
});

describe('the Gemini model client', () => {
  let fake: GeminiFake;
  beforeAll(async () => {
    fake = await startGeminiFake({ apiKey: 'k-unit' });
  });
  afterAll(async () => fake.close());
  const model = () =>
    createGeminiModel({
      config: loadConfig({ GOOGLE_CLOUD_PROJECT: 'p', AUTH_MODE: 'dev', GEMINI_BASE_URL: fake.url }),
      secrets: { get: async () => ({ value: 'k-unit', version: '1' }), has: async () => true },
      log: createLogger({ sink: () => {} }),
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
  const request = { systemInstruction: 's', contents: [{ role: 'user' as const, parts: [{ text: 'hi' }] }], tools: [] };
  const opts = () => ({ signal: new AbortController().signal, deadlineAt: Date.now() + 10_000 });

  it('retries 503 itself (the SDK does not retry on its own) and then returns the turn', async () => {
    fake.reset();
    fake.script({ error: { status: 503 } }, { error: { status: 503 } }, { text: 'ok' });
    const r = await model().generate(request, opts());
    expect(r.content?.parts).toEqual([{ text: 'ok', thoughtSignature: expect.any(String) }]);
    expect(fake.calls).toHaveLength(3);
  });

  it('does not retry 400', async () => {
    fake.reset();
    fake.script({ error: { status: 400 } }, { text: 'never' });
    await expect(model().generate(request, opts())).rejects.toMatchObject({ code: 'upstream_error' });
    expect(fake.calls).toHaveLength(1);
  });

  it('streams deltas and assembles the same turn', async () => {
    fake.reset();
    fake.script({ text: 'a streamed answer of some length' });
    const deltas: string[] = [];
    const r = await model().generate(request, { ...opts(), onText: (d) => deltas.push(d) });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('a streamed answer of some length');
    expect(r.content?.parts.map((p) => p.text).join('')).toBe('a streamed answer of some length');
    expect(fake.calls[0]?.stream).toBe(true);
  });
});

describe('requireHuman', () => {
  it('lets a signed-in user decide and refuses any caller that is not one (webhook, schedule)', () => {
    expect(() => requireHuman({ uid: 'ana', via: 'firebase' })).not.toThrow();
    expect(() => requireHuman({ uid: 'ana', via: 'dev' })).not.toThrow();
    expect(() => requireHuman({ uid: 'ana', via: 'service' } as unknown as Caller)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });
});
