import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { expectNoPlaintextTokens } from '../support/plaintext-scan';

// The nasty X race: a lease holder so slow that its lease runs out, a second request takes the
// lease and spends the same refresh token first, and X then refuses the slow one. The slow one
// must notice that the stored pair moved on (not mark reauth_required), and both posts succeed.

const X_ID = '1700000000000000042';
const LEASE_MS = 400;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ extraEnv: { TOKEN_REFRESH_LEASE_MS: String(LEASE_MS), TOKEN_REFRESH_WAIT_MS: '5000' } });
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  h.x.clearFaults();
  h.x.resetRecords();
  baseline = 0;
  baseline = refreshCalls().length;
});
afterEach(async () => expectNoPlaintextTokens(h));

// The X fake keeps its token-call log across resetRecords(): count from a per-test baseline.
let baseline = 0;
const refreshCalls = () =>
  h.x
    .tokenCalls()
    .filter((c) => c.endpoint === 'token' && c.grantType === 'refresh_token')
    .slice(baseline);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('X refresh-rotation race', () => {
  it('a lease lost to a slow token call never strands the connection', async () => {
    await h.connectX('dev-user', { expired: true });
    // The first refresh request is held at X for longer than the lease.
    h.x.injectDelay(LEASE_MS * 5, { match: { method: 'POST', path: '/2/oauth2/token' }, times: 1 });
    const slow = h.call('post-tweet', { text: 'from the slow request' });
    // Once the slow request's token call is held at X, let its lease run out.
    await until(() => h.x.requests.some((r) => r.path === '/2/oauth2/token'));
    await sleep(LEASE_MS * 1.5);
    const fast = await h.call('post-tweet', { text: 'from the fast request' });
    expect(fast.status).toBe(201);
    const slowRes = await slow;
    expect(slowRes.status, JSON.stringify(slowRes.json)).toBe(201);
    // Two refreshes reached X with the same token: the fast one won, the slow one was refused.
    expect(refreshCalls().map((c) => c.status)).toEqual([200, 400]);
    const [conn] = await h.runtime.stores.connections.list('dev-user', 'x');
    expect(conn?.status).toBe('active');
    // And the stored pair is the live one: a later refresh works.
    await (await h.runtime.stores.connections.ref('dev-user', 'x', X_ID)).update({ expiryDate: Date.now() - 1000 });
    expect((await h.call('post-tweet', { text: 'still connected afterwards' })).status).toBe(201);
    expect(refreshCalls().map((c) => c.status)).toEqual([200, 400, 200]);
  });

  it('a holder that died leaves a lease that expires, and the next request refreshes', async () => {
    await h.connectX('dev-user', { expired: true });
    await (await h.runtime.stores.connections.ref('dev-user', 'x', X_ID)).update({
      refreshLeaseUntil: Date.now() + LEASE_MS,
      refreshLeaseHolder: 'crashed-instance',
    });
    const res = await h.call('post-tweet', { text: 'after a crashed holder' });
    expect(res.status).toBe(201);
    expect(refreshCalls()).toHaveLength(1);
  });
});
