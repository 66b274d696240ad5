import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

// Values that become Firestore document ids (approval ids, conversation ids, shopping ids, uids)
// and paths that cannot be decoded are refused with 400 before anything is read or written —
// never the 500 Firestore's own refusal would surface as.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.wipe();
}, 60_000);
afterAll(async () => h?.close());

const expect400 = (res: { status: number; json: any; text: string }) => {
  expect(res.status, res.text).toBe(400);
  expect(res.json.error.code).toBe('invalid_input');
};

describe('ids that Firestore reserves or cannot hold', () => {
  it.each(['__proto__', '__abcdefghij__', '__x__'])('GET /approvals/%s answers 400', async (id) => {
    const res = await fetch(`${h.url}/approvals/${id}`);
    const json = await res.json();
    expect400({ status: res.status, json, text: JSON.stringify(json) });
  });

  it('a chat conversation_id of the __x__ form answers 400 without calling the model', async () => {
    expect400(await h.call('chat', { conversation_id: '__abcdefg__', message: 'hello' }));
    expect(h.gemini.requests).toHaveLength(0);
  });

  it.each(['..', '__x__', '.'])('a dev uid %s answers 400 on every user function', async (uid) => {
    for (const f of h.host.functions.filter((fn) => fn.access === 'user')) {
      const method = f.methods[0] ?? 'POST';
      const res = await h.call(f.name, method === 'GET' ? undefined : {}, { method, headers: { authorization: `Bearer dev:${uid}` } });
      expect(res.status, `${f.name}: ${res.text}`).toBe(400);
      expect(res.json.error.details.parameter).toBe('uid');
    }
  });

  it('shopping ids of the __x__ form answer 400', async () => {
    expect400(await h.call('get-order-status', { order_id: '__order__' }));
    expect400(await h.call('get-intent-offers', { intent_id: '__x__' }));
  });
});

describe('paths that cannot be decoded', () => {
  it.each(['/approvals/%E0%A4%A', '/approvals/%', '/approvals/%zz', '/chat/%C0'])('%s answers 400, not 500', async (path) => {
    const res = await fetch(`${h.url}${path}`);
    const json = await res.json();
    expect(res.status, JSON.stringify(json)).toBe(400);
    expect(json.error.code).toBe('invalid_input');
    expect(json.error.requestId).toBe(res.headers.get('x-request-id'));
  });
});

describe('ill-formed Unicode in inputs of hand-made functions', () => {
  it('chat, approvals and oauth-start refuse lone surrogates', async () => {
    expect400(await h.call('chat', { message: 'hi \ud800' }));
    expect400(await h.call('chat', { message: 'hi', '\udc00': 1 }));
    expect400(await h.call('digest-settings', { enabled: true, timezone: 'Europe/Paris\udfff' }, { method: 'PUT' }));
    const start = await fetch(`${h.url}/oauth-start?provider=google&mode=json&account=${encodeURIComponent('work')}%ED%A0%80`);
    expect([400]).toContain(start.status);
  });

  it('wrote nothing and called nothing upstream', async () => {
    expect(h.gemini.requests).toHaveLength(0);
    expect(h.cartpilot.requests).toHaveLength(0);
    // Only the rate-limit counters of the callers (users/{uid}/throttle/*): accounting of the
    // attempts, not data a refused request changed.
    expect((await h.allDocuments()).filter((d) => !/^users\/[^/]+\/throttle\//.test(d.path))).toEqual([]);
  });
});
