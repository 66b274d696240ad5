import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastFunctionResponses, say, type GeminiCall } from '../../sandbox/gemini';
import { startHarness, type Harness } from '../support/harness';

// The whole loop on a Gemini 3 model, which refuses (400) a current-turn function call sent back
// without its thought signature: a search, a tweet held for approval, the approval's resume and
// a follow-up message, streamed and not. Signatures travel through Firestore, the approval and
// SSE; a single dropped one would fail a request here.

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ extraEnv: { GEMINI_MODEL: 'gemini-3-pro-preview' } });
  await h.connectX('dev-user');
}, 60_000);
afterAll(async () => h?.close());

const marker = `G3 pick (${Math.random().toString(36).slice(2, 8)}):`;

describe('chat on gemini-3-pro-preview', () => {
  it('search → tweet awaiting approval → approve → reply → follow-up: every request accepted, signatures returned', async () => {
    h.gemini.script(
      { calls: [{ name: 'search_youtube', args: { query: 'cold starts', max_results: 2 } }], thoughts: 'Search first.' },
      (c: GeminiCall) => {
        const best = (lastFunctionResponses(c)[0]?.response.output as { videos: { title: string }[] }).videos[0];
        return { text: 'Found one.', calls: [{ name: 'post_tweet', args: { text: `${marker} ${best?.title}` } }] };
      },
      say('Posted.'),
      say('You are welcome.'),
    );
    const res = await h.call('chat', { message: 'Find a talk on cold starts and tweet it' }, { headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(200);
    expect(res.text).toContain('event: approval');
    const approvalId = /"id":"([^"]+)"/.exec(res.text.slice(res.text.indexOf('event: approval')))?.[1];
    const approved = await h.call(`approvals/${approvalId}`, { decision: 'approve' });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.data.reply).toBe('Posted.');
    const next = await h.call('chat', { message: 'Thanks!', conversation_id: approved.json.data.conversation_id });
    expect(next.status, next.text).toBe(200);
    expect(next.json.data.reply).toBe('You are welcome.');

    expect(h.gemini.calls.map((c) => c.model)).toEqual(Array(4).fill('gemini-3-pro-preview'));
    // The resume carried both call turns of the current turn, each first call signed.
    const resume = h.gemini.calls[2]?.body.contents ?? [];
    const callTurns = resume.filter((c) => c.role === 'model' && c.parts.some((p) => p.functionCall));
    expect(callTurns).toHaveLength(2);
    for (const turn of callTurns) expect(turn.parts.find((p) => p.functionCall)?.thoughtSignature).toEqual(expect.any(String));
  });
});
