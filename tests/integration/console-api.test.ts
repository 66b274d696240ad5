import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, say } from '../../sandbox/gemini';
import type { Harness } from '../support/harness';
import { startWarmChatHarness } from '../support/chat-harness';

// The reads the console adds to the API: conversations listed and resumed (GET /chat,
// GET /chat/{id}) and approvals whatever their status (GET /approvals?status=all) — the caller's
// own only, refused without identity, and bad input a 400 that changes nothing.

let h: Harness;
beforeAll(async () => {
  h = await startWarmChatHarness();
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  h.gemini.reset();
  await h.connectX('dev-user');
});

const get = (path: string, uid = 'dev-user') => h.call(path, undefined, { method: 'GET', headers: { authorization: `Bearer dev:${uid}` } });

/** One conversation with a post awaiting approval; returns the conversation and approval ids. */
async function pendingPost(text: string): Promise<{ cid: string; approvalId: string }> {
  h.gemini.script(call('post_tweet', { text }), say('Posted.'));
  const res = await h.call('chat', { message: `Post "${text}"` });
  expect(res.status).toBe(202);
  return { cid: res.json.data.conversation_id, approvalId: res.json.data.approval.id };
}

describe('GET /chat', () => {
  it('lists the conversations and gives one transcript with its open approvals', async () => {
    const { cid, approvalId } = await pendingPost('resume me');
    const list = await get('chat');
    expect(list.status).toBe(200);
    expect(list.json).toEqual({
      data: { conversations: [{ id: cid, title: 'Post "resume me"', last_reply: expect.any(String), updated_at: expect.any(String) }] },
    });

    const one = await get(`chat/${cid}`);
    expect(one.status).toBe(200);
    const conversation = one.json.data.conversation;
    expect(conversation.entries).toEqual([
      { role: 'user', text: 'Post "resume me"' },
      { role: 'model', text: '', tool_calls: [{ name: 'post_tweet', args: { text: 'resume me' } }] },
    ]);
    expect(conversation.pending_approvals.map((a: { id: string }) => a.id)).toEqual([approvalId]);

    const decided = await h.call(`approvals/${approvalId}`, { decision: 'approve' });
    expect(decided.status).toBe(200);
    const after = (await get(`chat/${cid}`)).json.data.conversation;
    expect(after.entries.slice(2)).toEqual([
      { role: 'tool', results: [{ name: 'post_tweet', ok: true }] },
      { role: 'model', text: 'Posted.', tool_calls: [] },
    ]);
    expect(after.pending_approvals).toEqual([]);
  });

  it("is the caller's own: another user gets an empty list and a 404; no identity is a 401", async () => {
    const { cid } = await pendingPost('mine only');
    expect((await get('chat', 'someone-else')).json).toEqual({ data: { conversations: [] } });
    const theirs = await get(`chat/${cid}`, 'someone-else');
    expect(theirs.status).toBe(404);
    expect(theirs.json).toEqual({ error: { code: 'not_found', message: `No conversation ${cid} of yours exists.`, requestId: expect.any(String) } });
    expect((await get('chat/..%2Fetc')).status).toBe(404);
    const anonymous = await h.call('chat', undefined, { method: 'GET', headers: { authorization: 'Bearer nope' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe('unauthenticated');
  });
});

describe('GET /approvals?status=all', () => {
  it('lists decided approvals too, newest first; the default stays pending only; a bad status is a 400', async () => {
    const first = await pendingPost('first');
    await h.call(`approvals/${first.approvalId}`, { decision: 'deny' });
    const second = await pendingPost('second');

    const pending = await get('approvals');
    expect(pending.json.data.approvals.map((a: { id: string }) => a.id)).toEqual([second.approvalId]);
    const all = await get('approvals?status=all');
    expect(all.json.data.approvals.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([
      [second.approvalId, 'pending'],
      [first.approvalId, 'denied'],
    ]);
    expect((await get('approvals?status=all', 'someone-else')).json).toEqual({ data: { approvals: [] } });
    const bad = await get('approvals?status=decided');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_input');
  });
});
