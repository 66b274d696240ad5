import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shoppingScript } from '../../sandbox/gemini';
import { startTokenMint, type TokenMint } from '../support/firebase-tokens';
import { startHarness, type Harness } from '../support/harness';
import { X1_BLACK_X2 } from '../support/shopping';

// Production identity (Firebase ID tokens): chat needs a token, and approving a purchase needs a
// recent sign-in — checked before the approval is used, so "sign in again" keeps it usable.

let h: Harness;
let mint: TokenMint;
beforeAll(async () => {
  mint = await startTokenMint('unused');
  h = await startHarness({ authMode: 'firebase', extraEnv: { FIREBASE_JWKS_URL: mint.jwksUrl } });
});
afterAll(async () => {
  await h?.close();
  await mint?.close();
});

const token = (authTimeAgoSec = 0) => mint.sign({ sub: 'ana', auth_time: Math.floor(Date.now() / 1000) - authTimeAgoSec }, { projectId: h.projectId });
const as = async (t: Promise<string>) => ({ authorization: `Bearer ${await t}` });

describe('with Firebase identity', () => {
  it('chat without a token is 401 with the error envelope', async () => {
    const res = await h.call('chat', { message: 'hi' });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), requestId: expect.any(String) } });
    expect(h.gemini.calls).toHaveLength(0);
  });

  it('a purchase approval with a stale sign-in is refused (401) and stays usable; a fresh sign-in buys once', async () => {
    h.gemini.script(...shoppingScript(X1_BLACK_X2));
    const res = await h.call('chat', { message: 'buy two black X1 headphones' }, { headers: await as(token(3600)) });
    expect(res.status).toBe(202);
    const id = res.json.data.approval.id;
    expect(res.json.data.approval.effect).toBe('purchase');
    const before = h.cartpilot.confirmCalls();

    const stale = await h.call(`approvals/${id}`, { decision: 'approve' }, { headers: await as(token(3600)) });
    expect(stale.status).toBe(401);
    expect(stale.json.error.details.code).toBe('RECENT_LOGIN_REQUIRED');
    expect(h.cartpilot.requests.filter((r) => /\/(approve|confirm)$/.test(r.path))).toEqual([]);

    const fresh = await h.call(`approvals/${id}`, { decision: 'approve' }, { headers: await as(token(10)) });
    expect(fresh.status).toBe(200);
    expect(fresh.json.data.reply).toMatch(/^Ordered\./);
    expect(h.cartpilot.confirmCalls()).toBe(before + 1);
  }, 60_000);

  it('cancel-order over HTTP needs a recent sign-in too (401 before CartPilot is asked)', async () => {
    const before = h.cartpilot.requests.length;
    const body = { order_id: 'ord-not-there', reason: 'changed my mind' };
    const stale = await h.call('cancel-order', body, { headers: { ...(await as(token(3600))), 'idempotency-key': 'cancel-stale' } });
    expect(stale.status, stale.text).toBe(401);
    expect(stale.json.error.details.code).toBe('RECENT_LOGIN_REQUIRED');
    expect(h.cartpilot.requests.length).toBe(before);
    // A fresh sign-in gets past the check (the order is unknown, so 404).
    const fresh = await h.call('cancel-order', body, { headers: { ...(await as(token(10))), 'idempotency-key': 'cancel-fresh' } });
    expect(fresh.status, fresh.text).toBe(404);
  });

  it('request-refund over HTTP needs a recent sign-in as cancelling does (401 before CartPilot is asked)', async () => {
    const before = h.cartpilot.requests.length;
    const body = { order_id: 'ord-not-there', reason: 'arrived broken' };
    const stale = await h.call('request-refund', body, { headers: { ...(await as(token(3600))), 'idempotency-key': 'refund-stale' } });
    expect(stale.status, stale.text).toBe(401);
    expect(stale.json.error.details.code).toBe('RECENT_LOGIN_REQUIRED');
    expect(h.cartpilot.requests.length).toBe(before);
    const fresh = await h.call('request-refund', body, { headers: { ...(await as(token(10))), 'idempotency-key': 'refund-fresh' } });
    expect(fresh.status, fresh.text).toBe(404);
  });
});
