import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import type { SecretSource } from '../secrets';

// Tokens at rest: AES-256-GCM, a fresh random 96-bit IV per value, 128-bit tag. The AAD binds
// the ciphertext to (uid, provider, account, field, keyVersion), so a value copied into another
// user's document, another field or another key version fails authentication instead of
// decrypting. The AAD is those fields JSON-encoded as an array (format 2, `f: 2` beside the
// value): unambiguous whatever they contain. Format 1 joined them with "|", so uid "a|b" with
// provider "c" bound the same bytes as uid "a" with provider "b|c"; values without `f` are
// format 1, still decrypted, and re-encrypted as format 2 by any write and by `npm run reencrypt`.
// The key is 32 random bytes, base64, in the Secret Manager secret "token-encryption-key";
// the version that encrypted a value is stored beside it (key rotation re-encrypts on write).

export interface EncryptedField {
  v: string; // key version
  iv: string; // base64
  ct: string; // base64
  tag: string; // base64
  f?: number; // AAD format: 2; absent = 1 (legacy)
}

export const AAD_FORMAT = 2;

export interface FieldBinding {
  uid: string;
  provider: string;
  account: string;
  field: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class TokenCipher {
  constructor(private readonly secrets: SecretSource) {}

  async encrypt(binding: FieldBinding, plaintext: string): Promise<EncryptedField> {
    const { key, version } = await this.key('latest');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(binding, version, AAD_FORMAT));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { v: version, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64'), f: AAD_FORMAT };
  }

  async decrypt(binding: FieldBinding, field: EncryptedField): Promise<string> {
    const { key } = await this.key(field.v);
    try {
      const iv = Buffer.from(field.iv, 'base64');
      const tag = Buffer.from(field.tag, 'base64');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('bad iv/tag length');
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(binding, field.v, field.f ?? 1));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(field.ct, 'base64')), decipher.final()]).toString('utf8');
    } catch (e) {
      throw new AppError('internal', 'A stored token could not be decrypted.', { cause: e, details: { field: binding.field } });
    }
  }

  /**
   * Starts reading the current key so it is cached by the time a value needs it (usually the
   * latest version); a failure here is left for the real use to report.
   */
  prefetchKey(): void {
    this.key('latest').catch(() => undefined);
  }

  /** The version new writes use; callers re-encrypt values stored under an older one. */
  async currentVersion(): Promise<string> {
    return (await this.key('latest')).version;
  }

  private async key(version: string): Promise<{ key: Buffer; version: string }> {
    const secret = await this.secrets.get('token-encryption-key', version);
    const key = Buffer.from(secret.value.trim(), 'base64');
    if (key.length !== 32) throw new AppError('internal', 'token-encryption-key must be 32 bytes, base64-encoded.');
    return { key, version: secret.version };
  }
}

function aad(b: FieldBinding, version: string, format: number): Buffer {
  const fields = [b.uid, b.provider, b.account, b.field, version];
  if (format === AAD_FORMAT) return Buffer.from(JSON.stringify(['token-aad', AAD_FORMAT, ...fields]), 'utf8');
  if (format === 1) return Buffer.from(fields.join('|'), 'utf8');
  throw new Error(`unknown AAD format ${format}`);
}

/**
 * What a stored value was encrypted under, as compared with currentVersion() to find values to
 * re-encrypt: the key version, marked when the AAD is of an older format (so it never matches).
 */
export function storedVersionTag(field: EncryptedField): string {
  return field.f === AAD_FORMAT ? field.v : `${field.v}+aad${field.f ?? 1}`;
}
