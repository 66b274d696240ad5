import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { say } from '../../sandbox/gemini';
import { startHarness, type Harness } from '../support/harness';
import { usageDay } from '../../shared/orchestrator/usage-store';

// Limits that need their own configuration: a short turn deadline and a small daily budget.

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ extraEnv: { GEMINI_TURN_DEADLINE_MS: '1500', GEMINI_DAILY_TOKEN_BUDGET: '1000' } });
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
