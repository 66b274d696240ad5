import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { AUDIENCE_BASE, PUSH_SA, startOidcMint, type OidcMint } from '../support/google-oidc';

// Pub/Sub push and Cloud Scheduler calls carry a Google-signed OIDC token. Every service
// function refuses a request unless the token is signed by Google's keys, is for that function's
// URL, comes from the push service account, and that account's email is verified.

let h: Harness;
let oidc: OidcMint;

const pushBody = {
  message: { data: Buffer.from(JSON.stringify({ emailAddress: 'nobody@example.com', historyId: '5' })).toString('base64'), messageId: 'm-1' },
  subscription: 'projects/p/subscriptions/gmail-push',
};

beforeAll(async () => {
  oidc = await startOidcMint();
  h = await startHarness({ extraEnv: oidc.env });
});
afterAll(async () => {
  await h?.close();
  await oidc?.close();
});

const SERVICE_FUNCTIONS = ['gmail-push', 'digest-dispatch', 'digest-worker', 'gmail-watch-renew', 'calendar-channel-renew', 'order-sync'];

async function callWith(fn: string, authorization: string | undefined) {
  return h.call(fn, pushBody, { headers: authorization ? { authorization } : {} });
}

function expect401(res: Awaited<ReturnType<typeof callWith>>) {
  expect(res.status, res.text).toBe(401);
  expect(res.json).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), requestId: res.headers.get('x-request-id') } });
}

describe('OIDC-authenticated service functions', () => {
  it('are all in the catalog as service functions', () => {
    const service = h.host.functions.filter((f) => f.access === 'service').map((f) => f.name);
    expect(service).toEqual(expect.arrayContaining(SERVICE_FUNCTIONS));
  });

  it.each(SERVICE_FUNCTIONS)('%s answers 401 without a token, even in dev mode', async (fn) => {
    expect401(await callWith(fn, undefined));
  });

  it.each(SERVICE_FUNCTIONS)('%s answers 401 to a Firebase-style dev identity', async (fn) => {
    expect401(await callWith(fn, 'Bearer dev:mallory'));
  });

  const cases: [string, Parameters<OidcMint['token']>[1]][] = [
    ['a token for another audience', { audience: `${AUDIENCE_BASE}/some-other-function` }],
    ['a token for the same URL on another host', { audience: 'https://evil.example.com/gmail-push' }],
    ['a token minted by another service account', { email: 'attacker@evil-project.iam.gserviceaccount.com' }],
    ['a token whose email is not verified', { emailVerified: false }],
    ['an expired token', { expiresInSec: -120 }],
    ['a token from another issuer', { issuer: 'https://securetoken.google.com/p' }],
    ['a token signed by a key Google never published', { kid: 'stranger' }],
  ];
  it.each(cases)('gmail-push refuses %s', async (_name, o) => {
    expect401(await callWith('gmail-push', `Bearer ${await oidc.token('gmail-push', o)}`));
  });

  it('accepts the push service account token (an unknown mailbox is acknowledged)', async () => {
    const res = await callWith('gmail-push', `Bearer ${await oidc.token('gmail-push')}`);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ data: { outcome: 'unknown_mailbox' } });
  });

  it('compares the service account email case-insensitively', async () => {
    const res = await callWith('gmail-push', `Bearer ${await oidc.token('gmail-push', { email: PUSH_SA.toUpperCase() })}`);
    expect(res.status, res.text).toBe(200);
  });

  it('a token for gmail-push does not open digest-dispatch', async () => {
    expect401(await h.call('digest-dispatch', {}, { headers: { authorization: `Bearer ${await oidc.token('gmail-push')}` } }));
  });

  it('refuses GET with 405 after authenticating', async () => {
    const res = await h.call('gmail-push', undefined, { method: 'GET', headers: { authorization: `Bearer ${await oidc.token('gmail-push')}` } });
    expect(res.status).toBe(405);
    expect(res.json).toEqual({
      error: { code: 'method_not_allowed', message: expect.any(String), details: { allow: ['POST'] }, requestId: res.headers.get('x-request-id') },
    });
  });

  const job = (data: unknown, messageId?: string) => ({
    message: { data: Buffer.from(JSON.stringify(data)).toString('base64'), ...(messageId ? { messageId } : {}) },
    subscription: 'projects/p/subscriptions/digests',
  });

  it('digest-worker over HTTP accepts its token; a job for a user without digest settings is acknowledged', async () => {
    const headers = { authorization: `Bearer ${await oidc.token('digest-worker')}` };
    const res = await h.call('digest-worker', job({ v: 1, uid: 'nobody', localDate: '2026-06-15', dueAt: '2026-06-15T07:00:00.000Z' }, 'w-1'), { headers });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ data: { outcome: 'disabled' } });
  });

  it('digest-worker takes the message id from ce-id in binary CloudEvent mode, and drops a malformed job', async () => {
    const headers = {
      authorization: `Bearer ${await oidc.token('digest-worker')}`,
      'ce-id': 'evt-1',
      'ce-specversion': '1.0',
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
      'ce-source': '//pubsub.googleapis.com/projects/p/topics/digests',
    };
    const res = await h.call('digest-worker', job({ not: 'a job' }), { headers });
    expect(res.json).toEqual({ data: { outcome: 'malformed' } });
  });

  it('answers 400 to a body that is not a Pub/Sub push', async () => {
    const res = await h.call('gmail-push', { hello: 'world' }, { headers: { authorization: `Bearer ${await oidc.token('gmail-push')}` } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
  });
});
