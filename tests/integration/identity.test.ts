import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { startTokenMint, type TokenMint } from '../support/firebase-tokens';
import { createCallerVerifier } from '../../shared/auth/identity';
import { loadConfig } from '../../shared/config';

// Production identity: every function answers 401 without a valid Firebase ID token; a valid
// one is accepted; wrong issuer/audience/signature/expiry are refused.

let h: Harness;
let mint: TokenMint;
const PROJECT = 'prod-like-project';

beforeAll(async () => {
  mint = await startTokenMint(PROJECT);
  h = await startHarness({ authMode: 'firebase', extraEnv: { FIREBASE_PROJECT_ID: PROJECT, FIREBASE_JWKS_URL: mint.jwksUrl } });
});
afterAll(async () => {
  await h?.close();
  await mint?.close();
});

describe('every function requires identity in production mode', () => {
  it('has functions to check', () => {
    expect(h.host.functions.filter((f) => f.access === 'user').length).toBeGreaterThanOrEqual(7);
  });

  it.each([
    ['no header', undefined],
    ['dev identity', 'Bearer dev:mallory'],
    ['garbage', 'Bearer not.a.jwt'],
    ['basic auth', 'Basic dXNlcjpwYXNz'],
  ])('answers 401 unauthenticated with %s', async (_name, authorization) => {
    for (const f of h.host.functions.filter((fn) => fn.access === 'user')) {
      const method = f.methods[0] ?? 'POST';
      const res = await h.call(f.name, method === 'GET' ? undefined : {}, { method, headers: authorization ? { authorization } : {} });
      expect(res.status, `${f.name}: ${res.text}`).toBe(401);
      expect(res.json).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), requestId: res.headers.get('x-request-id') } });
    }
  });
});

describe('Firebase ID token verification', () => {
  const status = async (token: string) =>
    (await h.call('integrations-status', undefined, { method: 'GET', headers: { authorization: `Bearer ${token}` } })).status;

  it('accepts a valid token', async () => {
    expect(await status(await mint.sign({ sub: 'user-1', email: 'u1@example.com' }))).toBe(200);
  });
  it('refuses an expired token', async () => {
    expect(await status(await mint.sign({ sub: 'user-1' }, { expiresInSec: -60 }))).toBe(401);
  });
  it('refuses another project (audience)', async () => {
    expect(await status(await mint.sign({ sub: 'user-1' }, { audience: 'other-project' }))).toBe(401);
  });
  it('refuses the wrong issuer', async () => {
    expect(await status(await mint.sign({ sub: 'user-1' }, { issuer: 'https://evil.example.com/x' }))).toBe(401);
  });
  it('refuses a token signed by another key', async () => {
    expect(await status(await mint.sign({ sub: 'user-1' }, { kid: 'stranger' }))).toBe(401);
  });
  it('refuses a token without a subject', async () => {
    expect(await status(await mint.sign({}))).toBe(401);
  });
});

describe('who may call, beyond a valid signature', () => {
  const call = async (token: string) => h.call('integrations-status', undefined, { method: 'GET', headers: { authorization: `Bearer ${token}` } });

  it.each(['a/b', '__x__', '..', '.'])('refuses the uid %s (it could not be a document id) with 400', async (sub) => {
    const res = await call(await mint.sign({ sub }));
    expect(res.status, res.text).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'invalid_input', details: { parameter: 'uid' } });
  });

  it('refuses anonymous (guest) Firebase users by default with 403', async () => {
    const res = await call(await mint.sign({ sub: 'guest-1', firebase: { sign_in_provider: 'anonymous', identities: {} } }));
    expect(res.status, res.text).toBe(403);
    expect(res.json.error).toMatchObject({ code: 'forbidden', details: { reason: 'anonymous_user' } });
    const signedIn = await call(await mint.sign({ sub: 'user-2', firebase: { sign_in_provider: 'google.com', identities: {} } }));
    expect(signedIn.status).toBe(200);
  });

  it('admits anonymous users when ALLOW_ANONYMOUS_USERS=true', async () => {
    const config = loadConfig({ GOOGLE_CLOUD_PROJECT: PROJECT, FIREBASE_JWKS_URL: mint.jwksUrl, ALLOW_ANONYMOUS_USERS: 'true' });
    const token = await mint.sign({ sub: 'guest-2', firebase: { sign_in_provider: 'anonymous', identities: {} } });
    expect(await createCallerVerifier(config)(`Bearer ${token}`)).toMatchObject({ uid: 'guest-2', signInProvider: 'anonymous' });
  });
});

describe("the sign-in email counts as the user's own only when verified", () => {
  const put = async (claims: Record<string, unknown>) =>
    h.call(
      'digest-settings',
      { enabled: true, local_hour: 7, time_zone: 'UTC', delivery_address: 'me@corp.example' },
      { method: 'PUT', headers: { authorization: `Bearer ${await mint.sign(claims)}` } },
    );

  it('refuses an unverified ID-token email as delivery address, accepts a verified one', async () => {
    const unverified = await put({ sub: 'mail-1', email: 'me@corp.example', email_verified: false });
    expect(unverified.status, unverified.text).toBe(400);
    expect((await put({ sub: 'mail-1', email: 'me@corp.example' })).status).toBe(400);
    const verified = await put({ sub: 'mail-1', email: 'me@corp.example', email_verified: true });
    expect(verified.status, verified.text).toBe(200);
  });
});
