import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say } from '../../sandbox/gemini';
import { usageDay } from '../../shared/gemini/usage-store';
import { startWarmChatHarness } from '../support/chat-harness';
import type { Harness } from '../support/harness';

// Implicit prompt caching needs the start of every request to be the same bytes: the system
// instruction and the tool declarations, in a fixed order, turn after turn and conversation after
// conversation. The fake serves an exact shared prefix from its cache as Gemini does, so the
// cached-token counts below only appear when the prefix really is stable; they are recorded in
// the day's usage and in the turn's log line.

let h: Harness;
beforeAll(async () => {
  h = await startWarmChatHarness();
  await h.connectGoogle('dev-user', 'dev@example.com');
});
afterAll(async () => h?.close());

describe('a byte-stable prompt prefix', () => {
  it('keeps the instruction and tools identical and in order across turns, and records the cached tokens', async () => {
    h.gemini.reset(); // forget the harness's warm-up call (and its cache entry)
    h.logs.splice(0);
    h.gemini.script(say('One.'), say('Two.'), say('Three.'));
    const first = await h.call('chat', { message: 'hello' });
    await h.call('chat', { conversation_id: first.json.data.conversation_id, message: 'and again' });
    await h.call('chat', { message: 'a new conversation' });
    const calls = h.gemini.calls;
    expect(calls).toHaveLength(3);
    const prefix = (i: number) => JSON.stringify([calls[i]?.body.systemInstruction, calls[i]?.body.tools]);
    expect(prefix(1)).toBe(prefix(0));
    expect(prefix(2)).toBe(prefix(0));
    expect(calls[0]?.tools.length).toBeGreaterThan(5);
    // The exact time is in the user's message, not the instruction.
    expect(JSON.stringify(calls[0]?.body.contents.at(-1))).toMatch(/Sent at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    expect(calls[0]?.cachedTokens ?? 0).toBe(0);
    expect(calls[1]?.cachedTokens).toBeGreaterThan(1_000);
    expect(calls[2]?.cachedTokens).toBeGreaterThan(1_000);

    const usage = (await (await h.runtime.stores.db()).collection('users').doc('dev-user').collection('usage').doc(usageDay(new Date())).get()).data();
    expect(usage?.cachedTokens).toBe((calls[1]?.cachedTokens ?? 0) + (calls[2]?.cachedTokens ?? 0));
    const logged = h.logs.filter((l) => l.includes('"model usage"')).map((l) => JSON.parse(l) as { cachedTokens: number });
    expect(logged.map((l) => l.cachedTokens)).toEqual([0, calls[1]?.cachedTokens, calls[2]?.cachedTokens]);
  });

  it('gets no cache hit when the instruction differs (the fake matches exact prefixes only)', async () => {
    const body = (instruction: string) => ({
      systemInstruction: { parts: [{ text: instruction }] },
      contents: [{ role: 'user', parts: [{ text: 'x'.repeat(8_000) }] }],
    });
    const post = (b: unknown) =>
      fetch(`${h.gemini.url}/v1beta/models/gemini-2.5-flash-lite:generateContent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': h.gemini.apiKey },
        body: JSON.stringify(b),
      }).then((r) => r.json() as Promise<{ usageMetadata: { cachedContentTokenCount?: number } }>);
    h.gemini.script(say('a'), say('b'), say('c'));
    await post(body('Instruction at 10:00:01'));
    expect((await post(body('Instruction at 10:00:02'))).usageMetadata.cachedContentTokenCount).toBeUndefined();
    expect((await post(body('Instruction at 10:00:02'))).usageMetadata.cachedContentTokenCount).toBeGreaterThan(1_024);
  });
});
