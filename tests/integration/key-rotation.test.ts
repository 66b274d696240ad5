import { spawn } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reencryptAllConnections } from '../../shared/connections/reencrypt-connections';
import { TokenCipher } from '../../shared/connections/token-crypto';
import { startHarness, type Harness } from '../support/harness';
import { expectNoPlaintextTokens } from '../support/plaintext-scan';

// Tokens at rest across key rotation, and what happens to ciphertext that was tampered with or
// moved: it never decrypts to a wrong value, it fails.

const ANA = 'ana@example.com';
const BO = 'bo@example.com';
const X_ID = '1700000000000000042';

let h: Harness;
beforeAll(async () => {
  // No secret cache: a new key version is seen at once.
  h = await startHarness({ extraEnv: { SECRET_CACHE_TTL_SEC: '0' } });
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  h.google.resetRecords();
});
afterEach(async () => expectNoPlaintextTokens(h));

function rotateKey(): number {
  const key = randomBytes(32).toString('base64');
  h.secretValues.push(key);
  return h.secretManager.setSecret(h.projectId, 'token-encryption-key', key);
}

async function rawDoc(uid: string, id: string): Promise<Record<string, { v: string; iv: string; ct: string; tag: string; f?: number }>> {
  const snap = await (await h.runtime.stores.db()).collection('users').doc(uid).collection('connections').doc(id).get();
  return snap.data() as Record<string, { v: string; iv: string; ct: string; tag: string; f?: number }>;
}

async function docRef(uid: string, id: string) {
  return (await h.runtime.stores.db()).collection('users').doc(uid).collection('connections').doc(id);
}

function runScript(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/reencrypt-tokens.ts'], {
      env: { ...process.env, ...h.env, METADATA_SERVER_DETECTION: 'none', LOG_LEVEL: 'error' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('key rotation', () => {
  it('a refresh after a rotation writes the new token AND re-encrypts the kept refresh token', async () => {
    const { refreshToken } = await h.connectGoogle('dev-user', ANA, { expired: true });
    const before = await rawDoc('dev-user', `google:${ANA}`);
    const v2 = String(rotateKey());
    expect(before.refreshToken?.v).not.toBe(v2);
    expect((await h.call('list-calendar-events', {})).status).toBe(200);
    const after = await rawDoc('dev-user', `google:${ANA}`);
    expect(after.accessToken?.v).toBe(v2);
    expect(after.refreshToken?.v).toBe(v2);
    expect((await h.runtime.stores.connections.get('dev-user', 'google', ANA))?.refreshToken).toBe(refreshToken);
  }, 60_000);

  it('reencryptAllConnections re-encrypts every connection once, idempotently', async () => {
    const a = await h.connectGoogle('user-a', ANA);
    const b = await h.connectGoogle('user-b', BO);
    const x = await h.connectX('user-a');
    const v2 = String(rotateKey());
    const first = await reencryptAllConnections(h.runtime.stores.db, h.runtime.stores.connections, h.runtime.log);
    expect(first).toEqual({ scanned: 3, reencrypted: 3, unchanged: 0, failed: 0 });
    const second = await reencryptAllConnections(h.runtime.stores.db, h.runtime.stores.connections, h.runtime.log);
    expect(second).toEqual({ scanned: 3, reencrypted: 0, unchanged: 3, failed: 0 });
    for (const [uid, id] of [
      ['user-a', `google:${ANA}`],
      ['user-b', `google:${BO}`],
      ['user-a', `x:${X_ID}`],
    ] as const) {
      const doc = await rawDoc(uid, id);
      expect([doc.accessToken?.v, doc.refreshToken?.v]).toEqual([v2, v2]);
    }
    const conns = h.runtime.stores.connections;
    expect((await conns.get('user-a', 'google', ANA))?.refreshToken).toBe(a.refreshToken);
    expect((await conns.get('user-b', 'google', BO))?.accessToken).toBe(b.accessToken);
    expect((await conns.get('user-a', 'x', X_ID))?.refreshToken).toBe(x.refreshToken);
    // Nothing needs the old key any more.
    h.secretManager.disableVersion(h.projectId, 'token-encryption-key', Number(v2) - 1);
    expect((await h.call('list-calendar-events', {}, { headers: { authorization: 'Bearer dev:user-a' } })).status).toBe(200);
  });

  it('npm run reencrypt prints its counts and exits 1 when a document cannot be re-encrypted', async () => {
    await h.connectGoogle('user-a', ANA);
    await h.connectGoogle('user-b', BO);
    rotateKey();
    const bad = await rawDoc('user-b', `google:${BO}`);
    await (await docRef('user-b', `google:${BO}`)).update({
      'refreshToken.ct': Buffer.from('garbage-garbage').toString('base64'),
      'refreshToken.v': bad.refreshToken?.v,
    });
    const run = await runScript();
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(report).toMatchObject({ scanned: 2, reencrypted: 1, unchanged: 0, failed: 1 });
  }, 60_000);
});

describe('tampered or moved ciphertext', () => {
  it("a refresh token copied into another user's document fails to decrypt; the action answers 500 and never uses it", async () => {
    await h.connectGoogle('user-a', ANA, { expired: true });
    await h.connectGoogle('user-b', ANA, { expired: true });
    const stolen = await rawDoc('user-a', `google:${ANA}`);
    await (await docRef('user-b', `google:${ANA}`)).update({ refreshToken: stolen.refreshToken });
    await expect(h.runtime.stores.connections.get('user-b', 'google', ANA)).rejects.toMatchObject({ code: 'internal' });
    h.google.resetRecords();
    const res = await h.call('list-calendar-events', {}, { headers: { authorization: 'Bearer dev:user-b' } });
    expect(res.status).toBe(500);
    expect(res.json.error).toEqual({ code: 'internal', message: 'Internal error.', requestId: expect.any(String) });
    expect(h.google.tokenCalls()).toBe(0);
    // The victim's own connection is untouched.
    expect((await h.call('list-calendar-events', {}, { headers: { authorization: 'Bearer dev:user-a' } })).status).toBe(200);
  });

  it.each(['ct', 'iv', 'tag'] as const)('a flipped bit in the stored %s fails to decrypt', async (part) => {
    await h.connectGoogle('dev-user', ANA);
    const doc = await rawDoc('dev-user', `google:${ANA}`);
    const buf = Buffer.from(doc.accessToken?.[part] ?? '', 'base64');
    buf[0] = (buf[0] ?? 0) ^ 0x80;
    await (await docRef('dev-user', `google:${ANA}`)).update({ [`accessToken.${part}`]: buf.toString('base64') });
    await expect(h.runtime.stores.connections.get('dev-user', 'google', ANA)).rejects.toMatchObject({ code: 'internal' });
    expect((await h.call('list-calendar-events', {})).status).toBe(500);
  });
});

describe('the AAD is unambiguous (format 2), and format-1 values still decrypt', () => {
  const cipher = () => new TokenCipher(h.runtime.secrets);

  it('a value bound to uid "a|b", provider "c" does not decrypt as uid "a", provider "b|c"', async () => {
    const enc = await cipher().encrypt({ uid: 'a|b', provider: 'c', account: 'd', field: 'accessToken' }, 'secret-value');
    expect(enc.f).toBe(2);
    expect(await cipher().decrypt({ uid: 'a|b', provider: 'c', account: 'd', field: 'accessToken' }, enc)).toBe('secret-value');
    await expect(cipher().decrypt({ uid: 'a', provider: 'b|c', account: 'd', field: 'accessToken' }, enc)).rejects.toMatchObject({ code: 'internal' });
    await expect(cipher().decrypt({ uid: 'a|b', provider: 'c|d', account: '', field: 'accessToken' }, enc)).rejects.toMatchObject({ code: 'internal' });
  });

  it('a stored format-1 value (no "f") still decrypts, and reencrypt rewrites it as format 2', async () => {
    const { refreshToken, accessToken } = await h.connectGoogle('legacy-user', ANA);
    // Rewrite the stored tokens exactly as the format-1 code wrote them: AAD "uid|provider|account|field|version".
    const secret = await h.runtime.secrets.get('token-encryption-key');
    const legacy = (field: string, value: string) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', Buffer.from(secret.value, 'base64'), iv, { authTagLength: 16 });
      c.setAAD(Buffer.from(['legacy-user', 'google', ANA, field, secret.version].join('|'), 'utf8'));
      const ct = Buffer.concat([c.update(value, 'utf8'), c.final()]);
      return { v: secret.version, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: c.getAuthTag().toString('base64') };
    };
    await (await docRef('legacy-user', `google:${ANA}`)).update({
      accessToken: legacy('accessToken', accessToken),
      refreshToken: legacy('refreshToken', refreshToken),
    });
    const read = await h.runtime.stores.connections.get('legacy-user', 'google', ANA);
    expect(read).toMatchObject({ accessToken, refreshToken });
    const report = await reencryptAllConnections(h.runtime.stores.db, h.runtime.stores.connections, h.runtime.log);
    expect(report).toEqual({ scanned: 1, reencrypted: 1, unchanged: 0, failed: 0 });
    const after = await rawDoc('legacy-user', `google:${ANA}`);
    expect(after.accessToken).toMatchObject({ f: 2, v: secret.version });
    expect(after.refreshToken).toMatchObject({ f: 2, v: secret.version });
    expect(await h.runtime.stores.connections.get('legacy-user', 'google', ANA)).toMatchObject({ accessToken, refreshToken });
    expect((await reencryptAllConnections(h.runtime.stores.db, h.runtime.stores.connections, h.runtime.log)).unchanged).toBe(1);
  });
});
