import type { Connection, ConnectionProvider, ConnectionTokens, Stored, VersionedConnection } from './connection-record';
import { TOKEN_FIELDS, toInfo } from './connection-record';
import type { EncryptedField, TokenCipher } from './token-crypto';

// A connection's tokens at rest: each encrypted on its own, bound to uid, provider, account and
// field (token-crypto.ts), decrypted only when a caller needs them.

export async function decryptConnection(cipher: TokenCipher, uid: string, provider: ConnectionProvider, stored: Stored): Promise<Connection> {
  const binding = { uid, provider, account: stored.account };
  const conn: Connection = { ...toInfo(stored), expiryDate: stored.expiryDate };
  for (const field of TOKEN_FIELDS) {
    const enc = stored[field];
    if (enc) conn[field] = await cipher.decrypt({ ...binding, field }, enc);
  }
  return conn;
}

export async function encryptTokens(
  cipher: TokenCipher,
  uid: string,
  provider: string,
  account: string,
  tokens: ConnectionTokens,
): Promise<Partial<Record<(typeof TOKEN_FIELDS)[number], EncryptedField>>> {
  const out: Partial<Record<(typeof TOKEN_FIELDS)[number], EncryptedField>> = {};
  for (const field of TOKEN_FIELDS) {
    const value = tokens[field];
    if (value) out[field] = await cipher.encrypt({ uid, provider, account, field }, value);
  }
  return out;
}

/** Stored tokens an update does not replace that are encrypted under an older key version. */
export function staleKeptTokens(currentVersion: string, stored: VersionedConnection | undefined, tokens: ConnectionTokens): ConnectionTokens {
  const kept: ConnectionTokens = {};
  for (const field of TOKEN_FIELDS) {
    const version = stored?.keyVersions[field];
    if (!tokens[field] && version !== undefined && version !== currentVersion) kept[field] = stored?.connection[field];
  }
  return kept;
}

/** Decrypts at most once per read; a failure is not remembered, so a later ask tries again. */
export function decryptOnce(decrypt: () => Promise<Connection>): () => Promise<Connection> {
  let pending: Promise<Connection> | undefined;
  return () => {
    pending ??= decrypt().catch((e: unknown) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
}
