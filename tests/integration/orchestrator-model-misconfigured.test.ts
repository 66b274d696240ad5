import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

// A GEMINI_MODEL that Gemini does not serve (a typo, a retired model): Gemini answers 404, and the
// chat says plainly which setting is wrong instead of a bare 502 — streamed or not, every time.

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ extraEnv: { GEMINI_MODEL: 'gemini-2.5-flsh' } });
}, 60_000);
afterAll(async () => h?.close());

describe('chat with a misconfigured model name', () => {
  it('answers a clear error naming GEMINI_MODEL, and never retries the 404', async () => {
    const res = await h.call('chat', { message: "What's on my calendar?" });
    expect(res.status).toBe(502);
    expect(res.json.error).toMatchObject({
      code: 'upstream_error',
      message: expect.stringContaining('Set GEMINI_MODEL to an available model'),
      requestId: res.headers.get('x-request-id'),
    });
    expect(res.json.error.message).toContain('"gemini-2.5-flsh"');
    const generates = () => h.gemini.requests.filter((r) => r.path.endsWith(':generateContent') || r.path.endsWith(':streamGenerateContent'));
    expect(generates()).toHaveLength(1);
    // Once the instance knows, later chats fail the same way without another round trip to Gemini.
    for (let i = 0; i < 50 && !h.logs.some((l) => l.includes('names a model Gemini does not serve')); i++) await new Promise((r) => setTimeout(r, 20));
    const again = await h.call('chat', { message: 'hello?' }, { headers: { accept: 'text/event-stream' } });
    expect(again.text).toContain('GEMINI_MODEL');
    expect(generates()).toHaveLength(1);
    expect(h.logs.filter((l) => l.includes('names a model Gemini does not serve'))).toHaveLength(1);
  });
});
