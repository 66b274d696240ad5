import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import type { DigestJob } from '../../shared/digests/publisher';
import { runDigestJob } from '../../shared/digests/worker';
import { usageDay } from '../../shared/gemini/usage-store';
import { createRuntime, type Runtime } from '../../shared/runtime/runtime';
import { generateBodies, expectAppRequestsValid } from '../support/gemini-app-requests';
import { contractsPresent, loadGeminiProtos } from '../support/gemini-protos';
import { startHarness, type Harness } from '../support/harness';

// The digest's Gemini summary under a realistic thinking model (the fake meters thinking against
// maxOutputTokens as Gemini does): never empty, never cut; MAX_TOKENS answers are left out, with
// the reason logged; the tokens, thinking included, count toward the user's daily budget.

let h: Harness;
const clock = { at: Date.parse('2026-06-15T09:00:00Z'), now: () => new Date(clock.at) };
const extra: Runtime[] = [];
const JOB: DigestJob = { v: 1, uid: 'sum', localDate: '2026-06-15', dueAt: '2026-06-15T09:00:00.000Z' };
const SUMMARY = 'A short day: one standup at half past nine, and nothing new in your inbox.';

beforeAll(async () => {
  h = await startHarness({ clock, extraEnv: { GEMINI_DAILY_TOKEN_BUDGET: '50000' } });
}, 60_000);
afterAll(async () => {
  for (const rt of extra) await (await rt.stores.db()).terminate();
  await h?.close();
});
beforeEach(async () => {
  await h.wipe();
  h.gemini.reset();
  h.gemini.resetRecords();
  h.logs.splice(0);
  clock.at = Date.parse('2026-06-15T08:00:00Z');
  await h.connectGoogle('sum', 'sum@example.com');
  const put = await h.call(
    'digest-settings',
    { enabled: true, local_hour: 9, time_zone: 'UTC' },
    { method: 'PUT', headers: { authorization: 'Bearer dev:sum' } },
  );
  expect(put.status).toBe(200);
  clock.at = Date.parse('2026-06-15T09:00:00Z');
  h.google.seedEvents('sum@example.com', 'primary', [{ summary: 'Standup', start: '2026-06-15T09:30:00Z', end: '2026-06-15T09:45:00Z' }]);
});

/** A runtime like the harness's, with other model settings (same Firestore, fakes and logs). */
function runtimeWith(env: Record<string, string>): Runtime {
  const rt = createRuntime({ config: loadConfig({ ...h.env, ...env }), logSink: (l) => h.logs.push(l), clock });
  extra.push(rt);
  return rt;
}
const run = (rt: Runtime = h.runtime) => runDigestJob(rt, JOB, 'test', new AbortController().signal);
const lastMail = () => h.google.sentMessages('sum@example.com').at(-1)?.text ?? '';
const usage = async () => (await (await h.runtime.stores.db()).doc(`users/sum/usage/${usageDay(clock.now())}`).get()).data();
const sentConfig = () => h.gemini.calls.at(-1)?.body.generationConfig;

describe('digest summary on thinking models', () => {
  it('gemini-2.5-flash: thinking switched off, the whole summary ships, its tokens are counted', async () => {
    h.gemini.script({ text: SUMMARY });
    expect(await run()).toBe('sent');
    expect(sentConfig()).toEqual({ maxOutputTokens: 200, temperature: 0.3, thinkingConfig: { thinkingBudget: 0 } });
    expect(lastMail().startsWith(`${SUMMARY}\n`)).toBe(true);
    const u = await usage();
    expect(u?.tokens).toBeGreaterThan(Math.ceil(SUMMARY.length / 4));
    expect(u).not.toHaveProperty('thoughtTokens');
    if (contractsPresent()) expectAppRequestsValid(loadGeminiProtos(), generateBodies(h.gemini));
  });

  it('a model that always thinks (gemini-2.5-pro): the least budget, room for it on top, whole summary, thinking counted', async () => {
    h.gemini.script({ text: SUMMARY });
    expect(await run(runtimeWith({ GEMINI_SUMMARY_MODEL: 'gemini-2.5-pro' }))).toBe('sent');
    expect(h.gemini.calls.at(-1)?.model).toBe('gemini-2.5-pro');
    expect(sentConfig()).toMatchObject({ maxOutputTokens: 328, thinkingConfig: { thinkingBudget: 128 } });
    expect(lastMail().startsWith(`${SUMMARY}\n`)).toBe(true);
    expect(await usage()).toMatchObject({ thoughtTokens: 128, tokens: expect.any(Number) });
    expect((await usage())?.tokens).toBeGreaterThan(128 + Math.ceil(SUMMARY.length / 4));
  });

  it.each([
    ['empty (thinking spent every token)', 20_000],
    ['cut mid-sentence', 8_390],
  ])('an answer that stops at MAX_TOKENS, %s, is left out and said so; its tokens still count', async (_name, thinkingTokens) => {
    h.gemini.script({ text: SUMMARY, thinkingTokens });
    expect(await run(runtimeWith({ GEMINI_SUMMARY_THINKING_BUDGET: '-1' }))).toBe('sent');
    expect(sentConfig()).toMatchObject({ maxOutputTokens: 200 + 8_192, thinkingConfig: { thinkingBudget: -1 } });
    expect(lastMail()).toMatch(/^Calendar\n/);
    expect(lastMail()).not.toContain('A short day');
    expect(h.logs.some((l) => l.includes('digest summary left out: cut off at maxOutputTokens') && l.includes('"finishReason":"MAX_TOKENS"'))).toBe(true);
    expect((await usage())?.thoughtTokens).toBe(Math.min(thinkingTokens, 8_392));
  });

  it('an empty answer is left out, not shipped as a blank line', async () => {
    h.gemini.script({ empty: true });
    expect(await run()).toBe('sent');
    expect(lastMail()).toMatch(/^Calendar\n/);
    expect(h.logs.some((l) => l.includes('digest summary left out: empty answer'))).toBe(true);
  });

  it('once the daily token budget is spent, no summary is asked for', async () => {
    await (await h.runtime.stores.db()).doc(`users/sum/usage/${usageDay(clock.now())}`).set({ tokens: 50_000 });
    h.gemini.script({ text: SUMMARY });
    expect(await run()).toBe('sent');
    expect(h.gemini.calls).toHaveLength(0);
    expect(lastMail()).toMatch(/^Calendar\n/);
  });

  it('a GEMINI_SUMMARY_MODEL Gemini does not serve leaves the summary out with the setting named in the log', async () => {
    expect(await run(runtimeWith({ GEMINI_SUMMARY_MODEL: 'gemini-2.5-flsh' }))).toBe('sent');
    expect(lastMail()).toMatch(/^Calendar\n/);
    expect(h.logs.some((l) => l.includes('digest summary skipped') && l.includes('GEMINI_SUMMARY_MODEL'))).toBe(true);
  });
});
