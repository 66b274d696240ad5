import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, lastFunctionResponses, say, type GeminiCall } from '../../sandbox/gemini';
import type { Harness } from '../support/harness';
import { startWarmChatHarness } from '../support/chat-harness';

// The approval gate end to end: scripted Gemini (real @google/genai on the wire), the official
// Firestore emulator, the YouTube and X fakes.

let h: Harness;
beforeAll(async () => {
  h = await startWarmChatHarness();
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  h.gemini.reset();
  h.x.resetRecords();
  await h.connectX('dev-user');
  marker = `Worth watching (${Math.random().toString(36).slice(2, 8)}):`;
});

const ASK = 'Search YouTube for a talk on cloud functions cold starts and tweet the best one';
// X refuses a duplicate post, and the fake's posts outlive a test: each test posts its own text.
let marker = '';
const posted = () => h.x.tweets().filter((t) => t.text.startsWith(marker));

/** Search, then tweet the first video found, then a final text once the tweet's result is back. */
function scriptSearchAndTweet(): void {
  h.gemini.script(
    call('search_youtube', { query: 'cloud functions cold starts', max_results: 3 }),
    (c: GeminiCall) => {
      const output = lastFunctionResponses(c)[0]?.response.output as { videos: { title: string; url: string }[] };
      const best = output.videos[0];
      return { text: 'Found a good one.', calls: [{ name: 'post_tweet', args: { text: `${marker} ${best?.title} ${best?.url}` } }] };
    },
    (c: GeminiCall) => {
      const result = lastFunctionResponses(c)[0]?.response;
      return say(result && 'output' in result ? 'Posted it for you.' : `Not posted: ${JSON.stringify(result)}`);
    },
  );
}

async function turns(cid: string) {
  const db = await h.runtime.stores.db();
  const snap = await db.collection(`users/dev-user/conversations/${cid}/turns`).orderBy('seq').get();
  return snap.docs.map((d) => ({
    kind: String(d.data().kind),
    content: JSON.parse(String(d.data().content)) as { role: string; parts: Record<string, unknown>[] },
  }));
}

describe('search, then a tweet that waits for approval', () => {
  it('runs the search, holds the tweet for approval, posts exactly once on approve, stores the final reply', async () => {
    scriptSearchAndTweet();
    const res = await h.call('chat', { message: ASK });
    expect(res.status).toBe(202);
    const data = res.json.data;
    expect(data.approval).toMatchObject({
      tool: 'post_tweet',
      effect: 'write',
      status: 'pending',
      preview: { kind: 'tweet', details: { account: '@ana_x', text: expect.stringContaining(`${marker} Cloud Functions 2nd Gen`) } },
    });
    expect(data.approval.preview.details.weighted_length).toBeGreaterThan(40);
    expect(data.approval.args_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(data.approval.expires_at) - Date.parse(data.approval.created_at)).toBe(15 * 60_000);
    expect(data.tool_calls.map((t: { name: string; status: string }) => [t.name, t.status])).toEqual([
      ['search_youtube', 'ok'],
      ['post_tweet', 'pending_approval'],
    ]);
    expect(data.reply).toContain('approval');
    expect(posted()).toHaveLength(0);

    const approved = await h.call(`approvals/${data.approval.id}`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.json.data).toMatchObject({
      conversation_id: data.conversation_id,
      reply: 'Posted it for you.',
      decided: { id: data.approval.id, status: 'executed' },
      pending_approvals: [],
    });
    expect(approved.json.data.result.output.url).toContain('https://x.com/ana_x/status/');
    expect(posted()).toHaveLength(1);

    const stored = await turns(data.conversation_id);
    expect(stored.map((t) => `${t.kind}:${t.content.role}`)).toEqual([
      'message:user',
      'model:model',
      'tool_results:user',
      'model:model',
      'tool_results:user',
      'model:model',
    ]);
    // A thinking model signs its final text part too; it is kept (and sent back) with the text.
    expect(stored.at(-1)?.content.parts).toEqual([{ text: 'Posted it for you.', thoughtSignature: expect.any(String) }]);
    // The model's turns are kept verbatim: the thought signature Gemini sent went back with them.
    const signed = stored[1]?.content.parts[0];
    expect(signed?.thoughtSignature).toEqual(expect.any(String));
    const resumeRequest = h.gemini.calls.at(-1)?.body.contents ?? [];
    expect(resumeRequest[1]?.parts[0]?.thoughtSignature).toBe(signed?.thoughtSignature);
    expect(h.gemini.remaining()).toBe(0);
  });

  it('a second approve of the same approval is a 409 and posts nothing more; an unknown id is 404', async () => {
    scriptSearchAndTweet();
    const res = await h.call('chat', { message: ASK });
    const id = res.json.data.approval.id;
    expect((await h.call(`approvals/${id}`, { decision: 'approve' })).status).toBe(200);
    const again = await h.call(`approvals/${id}`, { decision: 'approve' });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'conflict', details: { status: 'executed' } });
    expect((await h.call('approvals/does-not-exist-123', { decision: 'approve' })).status).toBe(404);
    expect(posted()).toHaveLength(1);
  });

  it('concurrent approvals of one approval run the call once', async () => {
    scriptSearchAndTweet();
    const res = await h.call('chat', { message: ASK });
    const id = res.json.data.approval.id;
    const both = await Promise.all([h.call(`approvals/${id}`, { decision: 'approve' }), h.call(`approvals/${id}`, { decision: 'approve' })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(posted()).toHaveLength(1);
  });

  it('deny runs nothing, tells the model, and the model finishes', async () => {
    scriptSearchAndTweet();
    const res = await h.call('chat', { message: ASK });
    const denied = await h.call(`approvals/${res.json.data.approval.id}`, { decision: 'deny' });
    expect(denied.status).toBe(200);
    expect(denied.json.data).toMatchObject({ decided: { status: 'denied' }, result: { error: { code: 'denied' } } });
    expect(denied.json.data.reply).toContain('Not posted');
    expect(h.x.requests.filter((r) => r.method === 'POST' && r.path === '/2/tweets')).toHaveLength(0);
  });

  it('approve takes no arguments: edited args are refused, the approval stays pending', async () => {
    scriptSearchAndTweet();
    const res = await h.call('chat', { message: ASK });
    const id = res.json.data.approval.id;
    const edited = await h.call(`approvals/${id}`, { decision: 'approve', args: { text: 'something else' } });
    expect(edited.status).toBe(400);
    expect(edited.json.error.code).toBe('invalid_input');
    const shown = await h.call(`approvals/${id}`, undefined, { method: 'GET' });
    expect(shown.json.data.approval.status).toBe('pending');
    const list = await h.call('approvals', undefined, { method: 'GET' });
    expect(list.json.data.approvals.map((a: { id: string }) => a.id)).toEqual([id]);
  });

  it('an expired approval is a 409 and cannot run', async () => {
    scriptSearchAndTweet();
    const res = await h.call('chat', { message: ASK });
    const id = res.json.data.approval.id;
    const db = await h.runtime.stores.db();
    await db.doc(`users/dev-user/toolApprovals/${id}`).update({ expiresAt: new Date(Date.now() - 1000) });
    const late = await h.call(`approvals/${id}`, { decision: 'approve' });
    expect(late.status).toBe(409);
    expect(late.json.error.details.status).toBe('expired');
    expect(posted()).toHaveLength(0);
  });

  it("another user's approval is 404 to me", async () => {
    scriptSearchAndTweet();
    const res = await h.call('chat', { message: ASK });
    const foreign = await h.call(`approvals/${res.json.data.approval.id}`, { decision: 'approve' }, { headers: { authorization: 'Bearer dev:mallory' } });
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe('not_found');
  });

  it('a new message instead of a decision supersedes the approval; the model is told it was not approved', async () => {
    scriptSearchAndTweet();
    const res = await h.call('chat', { message: ASK });
    const id = res.json.data.approval.id;
    h.gemini.script((c: GeminiCall) => say(`seen: ${JSON.stringify(lastFunctionResponses(c).map((r) => r.response))}`));
    const next = await h.call('chat', { conversation_id: res.json.data.conversation_id, message: 'Never mind.' });
    expect(next.status).toBe(200);
    expect(next.json.data.reply).toContain('not_approved');
    expect((await h.call(`approvals/${id}`, { decision: 'approve' })).status).toBe(409);
    expect(posted()).toHaveLength(0);
  });

  it('two approvals in one model turn: the model continues only once both are decided, with both answers', async () => {
    await h.connectGoogle('dev-user', 'ana@example.com');
    h.gemini.script(
      {
        calls: [
          { name: 'post_tweet', args: { text: `${marker} hello` } },
          { name: 'send_email', args: { to: ['bo@example.com'], subject: 'Hi', text: 'Hello Bo' } },
        ],
      },
      (c: GeminiCall) =>
        say(
          lastFunctionResponses(c)
            .map((r) => `${r.name}:${'output' in r.response ? 'ok' : 'no'}`)
            .join(' '),
        ),
    );
    const res = await h.call('chat', { message: 'tweet hello and email Bo' });
    expect(res.status).toBe(202);
    const [tweet, mail] = res.json.data.pending_approvals as { id: string; tool: string; preview: { details: Record<string, unknown> } }[];
    expect([tweet?.tool, mail?.tool]).toEqual(['post_tweet', 'send_email']);
    expect(mail?.preview.details).toMatchObject({ from: 'ana@example.com', to: ['bo@example.com'], subject: 'Hi', body: 'Hello Bo' });
    const first = await h.call(`approvals/${tweet?.id}`, { decision: 'approve' });
    expect(first.status).toBe(202);
    expect(first.json.data.pending_approvals.map((a: { id: string }) => a.id)).toEqual([mail?.id]);
    expect(h.gemini.calls).toHaveLength(1);
    const second = await h.call(`approvals/${mail?.id}`, { decision: 'deny' });
    expect(second.status).toBe(200);
    expect(second.json.data.reply).toBe('post_tweet:ok send_email:no');
    expect(posted()).toHaveLength(1);
    expect(h.google.sentMessages('ana@example.com')).toHaveLength(0);
  });

  it('a new message while an approved call runs is a 409; one that never reported back is answered "outcome unknown"', async () => {
    scriptSearchAndTweet();
    const res = await h.call('chat', { message: ASK });
    const { id } = res.json.data.approval;
    const cid = res.json.data.conversation_id;
    const ref = (await h.runtime.stores.db()).doc(`users/dev-user/toolApprovals/${id}`);
    await ref.update({ status: 'executing', decidedAt: new Date() });
    expect((await h.call('chat', { conversation_id: cid, message: 'and?' })).status).toBe(409);
    await ref.update({ decidedAt: new Date(Date.now() - 11 * 60_000) });
    h.gemini.script((c: GeminiCall) => say(JSON.stringify(lastFunctionResponses(c)[0]?.response)));
    const next = await h.call('chat', { conversation_id: cid, message: 'and?' });
    expect(next.status).toBe(200);
    expect(next.json.data.reply).toContain('outcome_unknown');
    expect((await ref.get()).data()?.status).toBe('failed');
  });
});
