import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { say } from '../../sandbox/gemini';
import { startHarness, type Harness } from '../support/harness';
import { usageDay } from '../../shared/orchestrator/usage-store';
import { TurnSlotStore } from '../../shared/orchestrator/turn-slots-store';

// Limits that need their own configuration: a short turn deadline and a small daily budget.

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ extraEnv: { GEMINI_TURN_DEADLINE_MS: '1500', GEMINI_DAILY_TOKEN_BUDGET: '1000', GEMINI_MAX_CONCURRENT_TURNS: '8' } });
  // Pays the instance's cold start (Secret Manager, Firestore) outside the timed test.
  h.gemini.script({ text: 'warm', usage: 1 });
  await h.call('chat', { message: 'warm up' }, { headers: { authorization: 'Bearer dev:warm-up' } });
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  h.gemini.reset();
});

const usageDoc = async () => (await (await h.runtime.stores.db()).doc(`users/dev-user/usage/${usageDay(new Date())}`).get()).data();

describe('turn deadline', () => {
  it('a model slower than the deadline is cut off with a clear reply, and the turn is stored', async () => {
    h.gemini.script({ delayMs: 4_000, then: say('too late') });
    const res = await h.call('chat', { message: 'take your time' });
    expect(res.status).toBe(200);
    // The reply is the deadline notice, not the model's late 'too late': the turn was cut, whatever
    // the machine's speed (no wall-clock assertion here; the bench measures time).
    expect(res.json.data.reply).not.toContain('too late');
    expect(res.json.data).toMatchObject({ stopped: { reason: 'deadline' }, reply: expect.stringContaining('ran out of time') });
    expect(h.logs.some((l) => l.includes('orchestrator stopped') && l.includes('"reason":"deadline"'))).toBe(true);
    const conv = await (await h.runtime.stores.db()).doc(`users/dev-user/conversations/${res.json.data.conversation_id}`).get();
    expect(conv.data()?.turnCount).toBe(2); // the message and the notice
  });
});

describe('daily token budget', () => {
  it('counts usageMetadata per user per day and stops once the budget is spent', async () => {
    h.gemini.script({ text: 'first', usage: 700 }, { text: 'second', usage: 700 });
    expect((await h.call('chat', { message: 'one' })).json.data.reply).toBe('first');
    expect((await usageDoc())?.tokens).toBe(700);
    expect((await h.call('chat', { message: 'two' })).json.data.reply).toBe('second');
    expect((await usageDoc())?.tokens).toBe(1400);
    const over = await h.call('chat', { message: 'three' });
    expect(over.status).toBe(200);
    expect(over.json.data).toMatchObject({ stopped: { reason: 'token_budget' }, reply: expect.stringContaining('usage limit') });
    expect(h.gemini.calls).toHaveLength(2);
    // Another user has their own budget.
    h.gemini.script(say('hello bob'));
    expect((await h.call('chat', { message: 'hi' }, { headers: { authorization: 'Bearer dev:bob' } })).json.data.reply).toBe('hello bob');
  });

  it('stops within a turn when a step pushes the day over the budget', async () => {
    h.gemini.script({ calls: [{ name: 'search_youtube', args: { query: 'pasta', max_results: 1 } }], usage: 1200 }, say('never'));
    const res = await h.call('chat', { message: 'search' });
    expect(res.json.data.stopped).toEqual({ reason: 'token_budget' });
    expect(res.json.data.tool_calls).toEqual([expect.objectContaining({ name: 'search_youtube', status: 'ok' })]);
    expect(h.gemini.calls).toHaveLength(1);
  });
});

describe('the budget under concurrency (finding 6)', () => {
  it('8 concurrent chats with 1 token left: only one reaches the model, the others stop on the budget', { timeout: 60_000 }, async () => {
    const db = await h.runtime.stores.db();
    await db.doc(`users/dev-user/usage/${usageDay(new Date())}`).set({ day: usageDay(new Date()), tokens: 999 });
    h.gemini.script(...Array.from({ length: 8 }, () => ({ text: 'answered', usage: 50 })));
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => h.call('chat', { message: `question ${i}` })));
    expect(replies.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(h.gemini.calls).toHaveLength(1);
    expect(replies.filter((r) => r.json.data.reply === 'answered')).toHaveLength(1);
    expect(replies.filter((r) => r.json.data.stopped?.reason === 'token_budget')).toHaveLength(7);
    // The step that ran is settled at what it spent; nothing stays reserved.
    expect(await usageDoc()).toMatchObject({ tokens: 1049, reserved: 0 });
  });

  it('a ninth concurrent turn of one user is refused with 429 rate_limited and Retry-After', async () => {
    // Eight turns of carol's are running (on any instances): their slots are held.
    const slots = new TurnSlotStore(h.runtime.stores.db);
    for (let i = 0; i < 8; i += 1) await slots.acquire('carol', `running-${i}`, 8, 60_000);
    h.gemini.script(say('ninth'));
    const refused = await h.call('chat', { message: 'one more' }, { headers: { authorization: 'Bearer dev:carol' } });
    expect(refused.status).toBe(429);
    expect(refused.json.error).toMatchObject({ code: 'rate_limited', details: { reason: 'concurrent_turns', limit: 8 } });
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(h.gemini.calls).toHaveLength(0);
    // One ends and gives its slot back: the next turn runs, and gives its own back when done.
    await slots.release('carol', 'running-0');
    expect((await h.call('chat', { message: 'again' }, { headers: { authorization: 'Bearer dev:carol' } })).json.data.reply).toBe('ninth');
    const held = (await (await h.runtime.stores.db()).doc('users/carol/turnSlots/current').get()).data()?.leases;
    expect(Object.keys(held).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `running-${i + 1}`));
  });
});
