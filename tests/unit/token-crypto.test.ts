import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenCipher, type EncryptedField, type FieldBinding } from '../../shared/connections/token-crypto';
import { AppError } from '../../shared/errors';
import type { SecretSource, SecretValue } from '../../shared/secrets';

// Tokens at rest: any change to ciphertext, IV, tag, key version or binding must fail
// authentication — never decrypt to some other plaintext.

class VersionedKeys implements SecretSource {
  readonly versions: string[] = [randomBytes(32).toString('base64')];
  rotate(): void {
    this.versions.push(randomBytes(32).toString('base64'));
  }
  async get(_name: string, version = 'latest'): Promise<SecretValue> {
    const n = version === 'latest' ? this.versions.length : Number(version);
    const value = this.versions[n - 1];
    if (value === undefined) throw new Error(`no version ${version}`);
    return { value, version: String(n) };
  }
  async has(): Promise<boolean> {
    return true;
  }
}

const ANA: FieldBinding = { uid: 'user-ana', provider: 'google', account: 'ana@example.com', field: 'refreshToken' };
const SECRET = '1//0gRefreshTokenValue-abcdefghijklmnop';

function flipBit(b64: string, byte = 0): string {
  const buf = Buffer.from(b64, 'base64');
  buf[byte] = (buf[byte] ?? 0) ^ 0x01;
  return buf.toString('base64');
}

async function expectDecryptError(cipher: TokenCipher, binding: FieldBinding, field: EncryptedField): Promise<void> {
  const outcome = await cipher.decrypt(binding, field).then(
    (plaintext) => ({ plaintext }),
    (error: unknown) => ({ error }),
  );
  expect('plaintext' in outcome ? `decrypted to ${outcome.plaintext}` : 'error').toBe('error');
  if ('error' in outcome) {
    expect(outcome.error).toBeInstanceOf(AppError);
    expect((outcome.error as AppError).code).toBe('internal');
  }
}

describe('TokenCipher', () => {
  it('round-trips with a fresh IV each time', async () => {
    const cipher = new TokenCipher(new VersionedKeys());
    const a = await cipher.encrypt(ANA, SECRET);
    const b = await cipher.encrypt(ANA, SECRET);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toContain(SECRET);
    expect(await cipher.decrypt(ANA, a)).toBe(SECRET);
  });

  it.each([
    ['ciphertext', (f: EncryptedField) => ({ ...f, ct: flipBit(f.ct, 3) })],
    ['IV', (f: EncryptedField) => ({ ...f, iv: flipBit(f.iv) })],
    ['tag', (f: EncryptedField) => ({ ...f, tag: flipBit(f.tag, 15) })],
    ['truncated tag', (f: EncryptedField) => ({ ...f, tag: Buffer.from(f.tag, 'base64').subarray(0, 12).toString('base64') })],
    ['truncated IV', (f: EncryptedField) => ({ ...f, iv: Buffer.from(f.iv, 'base64').subarray(0, 8).toString('base64') })],
    ['empty ciphertext', (f: EncryptedField) => ({ ...f, ct: '' })],
  ])('refuses a tampered %s', async (_what, tamper) => {
    const cipher = new TokenCipher(new VersionedKeys());
    await expectDecryptError(cipher, ANA, tamper(await cipher.encrypt(ANA, SECRET)));
  });

  it.each([
    ['another user', { ...ANA, uid: 'user-bo' }],
    ['another account', { ...ANA, account: 'bo@example.com' }],
    ['another provider', { ...ANA, provider: 'x' }],
    ['another field', { ...ANA, field: 'accessToken' }],
  ])('refuses a ciphertext moved to %s', async (_what, binding) => {
    const cipher = new TokenCipher(new VersionedKeys());
    await expectDecryptError(cipher, binding, await cipher.encrypt(ANA, SECRET));
  });

  it('decrypts with the recorded key version after a rotation and encrypts with the new one', async () => {
    const keys = new VersionedKeys();
    const cipher = new TokenCipher(keys);
    const old = await cipher.encrypt(ANA, SECRET);
    keys.rotate();
    expect(old.v).toBe('1');
    expect(await cipher.currentVersion()).toBe('2');
    expect(await cipher.decrypt(ANA, old)).toBe(SECRET);
    expect((await cipher.encrypt(ANA, SECRET)).v).toBe('2');
  });

  it('refuses a value relabelled with another key version', async () => {
    const keys = new VersionedKeys();
    keys.rotate();
    const cipher = new TokenCipher(keys);
    const current = await cipher.encrypt(ANA, SECRET);
    await expectDecryptError(cipher, ANA, { ...current, v: '1' });
  });
});
