import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, lastFunctionResponses, say, type GeminiCall } from '../../sandbox/gemini';
import { startHarness, type Harness } from '../support/harness';
import { loadConfig } from '../../shared/config';
import { createRuntime } from '../../shared/runtime/runtime';
import { startFunctionHost } from '../../scripts/lib/function-host';

// A conversation is not tied to an instance: a second, fresh runtime (its own Firestore client,
// model client, caches) continues it from Firestore alone, thought signatures included.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // Pays the instance's cold start (Secret Manager, Firestore, SDK imports) outside the tests.
  h.gemini.script(say('warm'));
  await h.call('chat', { message: 'warm up' }, { headers: { authorization: 'Bearer dev:warm-up' } });
  await h.connectX('dev-user');
});
afterAll(async () => h?.close());

describe('a fresh instance', () => {
  it('continues a conversation, and decides an approval created by the first instance', async () => {
    h.gemini.script(call('search_youtube', { query: 'sourdough', max_results: 1 }), (c: GeminiCall) =>
      say(`Found ${(lastFunctionResponses(c)[0]?.response.output as { videos: { title: string }[] }).videos[0]?.title}.`),
    );
    const first = await h.call('chat', { message: 'find a sourdough video' });
    expect(first.json.data.reply).toBe('Found Sourdough Bread for Beginners.');
    const cid = first.json.data.conversation_id;

    // The second instance: a new runtime from the same configuration, served by a new host.
    const second = createRuntime({ config: loadConfig(h.env), logSink: () => {} });
    const host = await startFunctionHost(() => second);
    try {
      h.gemini.script({ calls: [{ name: 'post_tweet', args: { text: 'Baking this weekend: Sourdough Bread for Beginners' } }] }, say('Posted.'));
      const next = await fetch(`${host.url}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversation_id: cid, message: 'tweet it' }),
      });
      expect(next.status).toBe(202);
      const body = (await next.json()) as { data: { approval: { id: string } } };
      const sent = h.gemini.calls.at(-1)?.body.contents ?? [];
      expect(sent.map((c) => c.role)).toEqual(['user', 'model', 'user', 'model', 'user']);
      expect(sent[1]?.parts[0]?.thoughtSignature).toEqual(expect.any(String));

      const approved = await fetch(`${host.url}/approvals/${body.data.approval.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ decision: 'approve' }),
      });
      expect(approved.status).toBe(200);
      expect(((await approved.json()) as { data: { reply: string } }).data.reply).toBe('Posted.');
      expect(h.x.tweets().filter((t) => t.text.startsWith('Baking this weekend'))).toHaveLength(1);
    } finally {
      await host.close();
      await (await second.stores.db()).terminate();
    }
  });
});
