import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stateId } from '../../shared/oauth/oauth-states-store';
import { startHarness, type Harness } from '../support/harness';
import { callbackUrl, consentUrl, get, toHarness, type Hop } from '../support/oauth-flow';
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
