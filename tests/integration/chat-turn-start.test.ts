import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { say } from '../../sandbox/gemini';
import { TurnSlotStore } from '../../shared/orchestrator/turn-slots-store';
import { CallLog } from '../support/call-log';
import { startHarness, type Harness } from '../support/harness';

// A chat turn starts with two waits that do not need each other: claiming one of the caller's
// concurrent-turn slots (a transaction) and reading which tools the caller can use (their
// connections). They run together; a turn refused a slot still reaches no model.

let h: Harness;
const calls = new CallLog();
beforeAll(async () => {
  h = await startHarness({ extraEnv: { GEMINI_MAX_CONCURRENT_TURNS: '1' } });
  calls.observe(TurnSlotStore.prototype, 'acquire', 'slot');
  calls.observe(h.runtime.stores.connections, 'list', 'tools');
}, 60_000);
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  h.gemini.reset();
  calls.clear();
});

describe('the start of a chat turn', () => {
  it('claims the turn slot and reads the caller’s tools at once', async () => {
    h.gemini.script(say('hello'));
    const res = await h.call('chat', { message: 'hi' });
    expect(res.status, res.text).toBe(200);
    expect(res.json.data.reply).toBe('hello');
    expect(calls.startedBefore()).toEqual(['slot:start', 'tools:start']);
  });

  it('a turn refused its slot asks no model, and its tool lookup fails nobody', async () => {
    // The caller's only slot is held by a turn still running elsewhere.
    await new TurnSlotStore(h.runtime.stores.db, () => new Date()).acquire('dev-user', 'elsewhere', 1, 60_000);
    h.gemini.script(say('never'));
    const res = await h.call('chat', { message: 'hi' });
    expect(res.status, res.text).toBe(429);
    expect(h.gemini.calls).toHaveLength(0);
    expect(calls.count('tools')).toBe(1);
  });
});
