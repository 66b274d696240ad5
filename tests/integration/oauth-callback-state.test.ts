import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stateId } from '../../shared/oauth/oauth-states-store';
import { startHarness, type Harness } from '../support/harness';
import { BROWSER_COOKIE, browserSecretHash } from '../../shared/oauth/browser-binding';
import { Browser, callbackUrl, consentUrl, get, oauthStartUrl, toHarness, type Hop } from '../support/oauth-flow';
import { expectNoPlaintextTokens } from '../support/plaintext-scan';

// oauth-callback authenticates by the one-time state alone. Every bad state is refused with
// 400 invalid_input BEFORE the code is exchanged: the token endpoint is never called.

const RETURN_TO = 'https://app.example.com/connected';
const ANA = 'ana@example.com';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ extraEnv: { OAUTH_RETURN_TO_ALLOWLIST: RETURN_TO } });
  h.google.addAccount({ email: ANA });
  h.x.addUser({ id: '1700000000000000088', username: 'ana_x', name: 'Ana' });
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  h.google.resetRecords();
  h.x.resetRecords();
  xBaseline = xTokenCalls();
});
afterEach(async () => expectNoPlaintextTokens(h));

/** A consent the fake approved: the callback URL (on the harness) with a real code and state. */
async function approvedCallback(provider: 'google' | 'x', uid = 'dev-user'): Promise<URL> {
  const consent = await consentUrl(h, { provider, return_to: RETURN_TO }, { authorization: `Bearer dev:${uid}` });
  const page = await get(consent);
  return new URL(toHarness(h, page.location ?? ''));
}

// The X fake keeps its token-call log across resetRecords(): count from a per-test baseline.
let xBaseline = 0;
const xTokenCalls = () => h.x.tokenCalls().filter((c) => c.endpoint === 'token').length;

function tokenEndpointCalls(): number {
  return h.google.tokenCalls() + xTokenCalls() - xBaseline;
}

function expectRefused(res: Hop, reason: string): void {
  expect(res.status).toBe(400);
  expect(res.location).toBeUndefined();
  expect(res.json).toEqual({
    error: {
      code: 'invalid_input',
      message: expect.stringMatching(/start connecting again/),
      details: { parameter: 'state', reason },
      requestId: expect.any(String),
    },
  });
}

describe('oauth-callback refuses a bad state without calling the token endpoint', () => {
  it('missing state', async () => {
    const cb = await approvedCallback('google');
    cb.searchParams.delete('state');
    expectRefused(await get(cb.toString()), 'missing');
    expect(tokenEndpointCalls()).toBe(0);
  });

  it('malformed state', async () => {
    const cb = await approvedCallback('google');
    cb.searchParams.set('state', 'not a state!');
    expectRefused(await get(cb.toString()), 'malformed');
    expect(tokenEndpointCalls()).toBe(0);
  });

  it('mismatched state (altered by one character)', async () => {
    const cb = await approvedCallback('google');
    const state = cb.searchParams.get('state') ?? '';
    cb.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);
    expectRefused(await get(cb.toString()), 'unknown_or_used');
    expect(tokenEndpointCalls()).toBe(0);
  });

  it('state never issued', async () => {
    expectRefused(await get(callbackUrl(h, 'google', { state: 'AAAAAAAAAAAAAAAAAAAAAA', code: '4/0Aforged' })), 'unknown_or_used');
    expect(tokenEndpointCalls()).toBe(0);
  });

  it('expired state', async () => {
    const cb = await approvedCallback('google');
    const db = await h.runtime.stores.db();
    await db
      .collection('oauthStates')
      .doc(stateId(cb.searchParams.get('state') ?? ''))
      .update({ expireAt: new Date(Date.now() - 1000) });
    expectRefused(await get(cb.toString()), 'expired');
    expect(tokenEndpointCalls()).toBe(0);
    // Consumed even though refused: it cannot be tried again.
    expectRefused(await get(cb.toString()), 'unknown_or_used');
  });

  it('reused state', async () => {
    const cb = await approvedCallback('google');
    const first = await get(cb.toString());
    expect(first.location).toBe(`${RETURN_TO}?connected=google&account=${encodeURIComponent(ANA)}`);
    expect(tokenEndpointCalls()).toBe(1);
    expectRefused(await get(cb.toString()), 'unknown_or_used');
    expect(tokenEndpointCalls()).toBe(1);
  });

  it('the same state raced by two callbacks: exactly one proceeds', async () => {
    const cb = await approvedCallback('google');
    const results = await Promise.all([get(cb.toString()), get(cb.toString())]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 400]);
    expect(tokenEndpointCalls()).toBe(1);
  });

  it('foreign state: a Google state arriving on the X callback (mix-up)', async () => {
    const cb = await approvedCallback('google');
    const onX = callbackUrl(h, 'x', Object.fromEntries(cb.searchParams));
    expectRefused(await get(onX), 'provider_mismatch');
    expect(tokenEndpointCalls()).toBe(0);
    expectRefused(await get(cb.toString()), 'unknown_or_used');
    expect(tokenEndpointCalls()).toBe(0);
  });

  it('foreign state: an X state arriving on the Google callback', async () => {
    const cb = await approvedCallback('x');
    expectRefused(await get(callbackUrl(h, 'google', Object.fromEntries(cb.searchParams))), 'provider_mismatch');
    expect(tokenEndpointCalls()).toBe(0);
  });

  it('a state issued to one user only ever connects that user', async () => {
    const cb = await approvedCallback('google', 'user-a');
    const res = await get(cb.toString(), { authorization: 'Bearer dev:user-b' });
    expect(res.status).toBe(302);
    expect(await h.runtime.stores.connections.list('user-b')).toEqual([]);
    expect((await h.runtime.stores.connections.list('user-a')).map((c) => c.account)).toEqual([ANA]);
  });

  it('an unknown callback path', async () => {
    const res = await get(callbackUrl(h, 'github', { state: 'AAAAAAAAAAAAAAAAAAAAAA', code: 'c' }));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
    expect(tokenEndpointCalls()).toBe(0);
  });

  it('a valid state without a code is reported to return_to and not exchanged', async () => {
    const cb = await approvedCallback('google');
    cb.searchParams.delete('code');
    const res = await get(cb.toString());
    expect(res.location).toBe(`${RETURN_TO}?error=invalid_request&provider=google`);
    expect(tokenEndpointCalls()).toBe(0);
  });
});

describe('the flow is bound to the browser that started it (consent swap)', () => {
  it('oauth-start sets a __Host- cookie (Secure, HttpOnly, SameSite=Lax, Path=/) whose hash alone is stored', async () => {
    const res = await fetch(oauthStartUrl(h, { provider: 'google', mode: 'json' }));
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${BROWSER_COOKIE}=`)) ?? '';
    expect(cookie).toMatch(/^__Host-[\w-]+=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=600$/);
    const secret = cookie.split(';')[0]?.split('=')[1] ?? '';
    const [state] = (await (await h.runtime.stores.db()).collection('oauthStates').get()).docs.map((d) => d.data());
    expect(state?.browserHash).toBe(browserSecretHash(secret));
    expect(JSON.stringify(state)).not.toContain(secret);
  });

  it("Mallory's connect link finished in the victim's browser stores nothing and calls no token endpoint", async () => {
    const mallory = new Browser();
    const victim = new Browser();
    // Mallory starts a flow (her own browser, her identity) and sends the consent URL to Ana.
    const start = await get(oauthStartUrl(h, { provider: 'google', mode: 'json' }), { authorization: 'Bearer dev:mallory' }, mallory);
    expect(start.status).toBe(200);
    // Ana (signed in to Google as ana@) consents; Google redirects HER browser to the callback.
    const page = await get(start.json.data.url, {}, victim);
    const res = await get(toHarness(h, page.location ?? ''), {}, victim);
    expectRefused(res, 'other_browser');
    expect(tokenEndpointCalls()).toBe(0);
    expect(await h.runtime.stores.connections.list('mallory')).toEqual([]);
    // The state is spent: even Mallory's own browser cannot use the code now.
    expectRefused(await get(toHarness(h, page.location ?? ''), {}, mallory), 'unknown_or_used');
  });

  it('a forged or missing cookie is refused the same way; the starting browser completes', async () => {
    const owner = new Browser();
    const forged = new Browser();
    const start = await get(oauthStartUrl(h, { provider: 'google', mode: 'json' }), {}, owner);
    forged.store(h.url, [`${BROWSER_COOKIE}=${'A'.repeat(43)}`]);
    const page = await get(start.json.data.url, {}, owner);
    const cb = toHarness(h, page.location ?? '');
    // Refusing consumes the state, so each refusal gets its own flow.
    expectRefused(await get(cb, {}, forged), 'other_browser');
    const again = await get(oauthStartUrl(h, { provider: 'google', mode: 'json' }), {}, owner);
    expect(owner.cookie(h.url, BROWSER_COOKIE)).toBeDefined();
    const page2 = await get(again.json.data.url, {}, owner);
    expectRefused(await get(toHarness(h, page2.location ?? ''), { cookie: '' }, new Browser()), 'other_browser');
    const third = await get(oauthStartUrl(h, { provider: 'google', mode: 'json' }), {}, owner);
    const page3 = await get(third.json.data.url, {}, owner);
    const done = await get(toHarness(h, page3.location ?? ''), {}, owner);
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect((await h.runtime.stores.connections.list('dev-user')).map((c) => c.account)).toEqual([ANA]);
  });

  it('two flows started in one browser both complete (the secret is reused, not replaced)', async () => {
    const b = new Browser();
    const one = await get(oauthStartUrl(h, { provider: 'google', mode: 'json' }), {}, b);
    const two = await get(oauthStartUrl(h, { provider: 'x', mode: 'json' }), {}, b);
    const p1 = await get(one.json.data.url, {}, b);
    const p2 = await get(two.json.data.url, {}, b);
    expect((await get(toHarness(h, p2.location ?? ''), {}, b)).status).toBe(200);
    expect((await get(toHarness(h, p1.location ?? ''), {}, b)).status).toBe(200);
  });
});
