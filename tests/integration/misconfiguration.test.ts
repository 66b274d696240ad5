import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { PUSH_SA, startOidcMint, type OidcMint } from '../support/google-oidc';

// A function missing configuration it needs answers 503 `misconfigured` naming the variable, so
// the operator sees what to set and Pub/Sub / Cloud Scheduler keep retrying until it is set,
// never a bare 500. Here the push account and the digests topic are left out; the scheduler
// account is configured so digest-dispatch gets past authentication to its own missing setting.

let h: Harness;
let oidc: OidcMint;

beforeAll(async () => {
  oidc = await startOidcMint();
  const { PUSH_SERVICE_ACCOUNT_EMAIL: _omitted, ...env } = oidc.env;
  h = await startHarness({ extraEnv: { ...env, SCHEDULER_SERVICE_ACCOUNT_EMAIL: PUSH_SA } });
});
afterAll(async () => {
  await h?.close();
  await oidc?.close();
});

function expect503(res: Awaited<ReturnType<Harness['call']>>, variable: string) {
  expect(res.status, res.text).toBe(503);
  expect(res.json).toEqual({
    error: { code: 'misconfigured', message: expect.stringContaining(`${variable} is not configured`), details: { variable }, requestId: expect.any(String) },
  });
}

describe('missing configuration', () => {
  it('gmail-push without PUSH_SERVICE_ACCOUNT_EMAIL answers 503 naming it, token or not', async () => {
    expect503(await h.call('gmail-push', { message: { data: '' } }), 'PUSH_SERVICE_ACCOUNT_EMAIL');
    const token = await oidc.token('gmail-push');
    expect503(await h.call('gmail-push', { message: { data: '' } }, { headers: { authorization: `Bearer ${token}` } }), 'PUSH_SERVICE_ACCOUNT_EMAIL');
  });

  it('digest-dispatch, authenticated, without DIGESTS_TOPIC answers 503 naming it', async () => {
    const token = await oidc.token('digest-dispatch');
    expect503(await h.call('digest-dispatch', {}, { headers: { authorization: `Bearer ${token}` } }), 'DIGESTS_TOPIC');
  });

  it('an unauthenticated scheduler call is still refused first (401), config or not', async () => {
    expect((await h.call('digest-dispatch', {})).status).toBe(401);
  });
});
