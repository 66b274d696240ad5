import type { Firestore, DocumentReference } from '@google-cloud/firestore';
import { z } from 'zod';
import { AppError } from '../errors';
import type { EncryptedField, TokenCipher } from '../auth/token-crypto';

// users/{uid}/connections/{provider}:{account} — one document per connected account.
// Tokens are only ever written encrypted; list() never decrypts (it is what status pages use).

export type ConnectionProvider = 'google' | 'x';
export type ConnectionStatus = 'active' | 'reauth_required';

export interface ConnectionInfo {
  provider: ConnectionProvider;
  account: string; // Google: the email; X: the user id
  email?: string;
  username?: string;
  alias?: string;
  isDefault: boolean;
  scopes: string[];
  status: ConnectionStatus;
  statusReason?: string;
  connectedAt: string;
  lastRefreshAt?: string;
}

export interface ConnectionTokens {
  accessToken?: string;
  refreshToken?: string;
  /** ms since epoch */
  expiryDate?: number;
}

export type Connection = ConnectionInfo & ConnectionTokens;

const Encrypted = z.object({ v: z.string(), iv: z.string(), ct: z.string(), tag: z.string() });
const StoredConnection = z.object({
  provider: z.enum(['google', 'x']),
  account: z.string(),
  email: z.string().optional(),
  username: z.string().optional(),
  alias: z.string().optional(),
  isDefault: z.boolean().default(false),
  scopes: z.array(z.string()),
  status: z.enum(['active', 'reauth_required']),
  statusReason: z.string().optional(),
  connectedAt: z.string(),
  lastRefreshAt: z.string().optional(),
  accessToken: Encrypted.optional(),
  refreshToken: Encrypted.optional(),
  expiryDate: z.number().optional(),
});
type Stored = z.infer<typeof StoredConnection>;

const TOKEN_FIELDS = ['accessToken', 'refreshToken'] as const;

export class ConnectionsStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly cipher: TokenCipher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(uid: string, provider?: ConnectionProvider): Promise<ConnectionInfo[]> {
    const snap = await (await this.collection(uid)).get();
    return snap.docs
      .map((d) => StoredConnection.parse(d.data()))
      .filter((c) => !provider || c.provider === provider)
      .map(toInfo)
      .sort((a, b) => a.account.localeCompare(b.account));
  }

  async get(uid: string, provider: ConnectionProvider, account: string): Promise<Connection | undefined> {
    const snap = await (await this.ref(uid, provider, account)).get();
    if (!snap.exists) return undefined;
    const stored = StoredConnection.parse(snap.data());
    const binding = { uid, provider, account: stored.account };
    const conn: Connection = { ...toInfo(stored), expiryDate: stored.expiryDate };
    for (const field of TOKEN_FIELDS) {
      const enc = stored[field];
      if (enc) conn[field] = await this.cipher.decrypt({ ...binding, field }, enc);
    }
    return conn;
  }

  /** Creates or replaces a connection (a fresh consent). */
  async save(uid: string, conn: Omit<Connection, 'connectedAt' | 'status' | 'isDefault'> & { isDefault?: boolean }): Promise<void> {
    const doc: Record<string, unknown> = {
      provider: conn.provider,
      account: conn.account,
      email: conn.email,
      username: conn.username,
      alias: conn.alias,
      isDefault: conn.isDefault ?? false,
      scopes: [...new Set(conn.scopes)].sort(),
      status: 'active',
      connectedAt: this.now().toISOString(),
      expiryDate: conn.expiryDate,
      ...(await this.encryptTokens(uid, conn.provider, conn.account, conn)),
    };
    await (await this.ref(uid, conn.provider, conn.account)).set(doc);
  }

  /**
   * Merges refreshed tokens. A refresh token is only replaced by a new one, never by undefined
   * (Google omits it on most refreshes). A successful refresh also clears reauth_required.
   */
  async updateTokens(uid: string, provider: ConnectionProvider, account: string, tokens: ConnectionTokens & { scopes?: string[] }): Promise<void> {
    const update: Record<string, unknown> = {
      ...(await this.encryptTokens(uid, provider, account, tokens)),
      lastRefreshAt: this.now().toISOString(),
      status: 'active',
    };
    if (tokens.expiryDate !== undefined) update.expiryDate = tokens.expiryDate;
    if (tokens.scopes) update.scopes = [...new Set(tokens.scopes)].sort();
    await (await this.ref(uid, provider, account)).update(update);
  }

  async markReauthRequired(uid: string, provider: ConnectionProvider, account: string, reason: string): Promise<void> {
    await (await this.ref(uid, provider, account)).update({ status: 'reauth_required', statusReason: reason });
  }

  async delete(uid: string, provider: ConnectionProvider, account: string): Promise<void> {
    await (await this.ref(uid, provider, account)).delete();
  }

  async ref(uid: string, provider: ConnectionProvider, account: string): Promise<DocumentReference> {
    return (await this.collection(uid)).doc(connectionId(provider, account));
  }

  private async collection(uid: string) {
    return (await this.db()).collection('users').doc(uid).collection('connections');
  }

  private async encryptTokens(uid: string, provider: string, account: string, tokens: ConnectionTokens): Promise<Partial<Record<(typeof TOKEN_FIELDS)[number], EncryptedField>>> {
    const out: Partial<Record<(typeof TOKEN_FIELDS)[number], EncryptedField>> = {};
    for (const field of TOKEN_FIELDS) {
      const value = tokens[field];
      if (value) out[field] = await this.cipher.encrypt({ uid, provider, account, field }, value);
    }
    return out;
  }
}

export function connectionId(provider: ConnectionProvider, account: string): string {
  if (!account || account.includes('/') || account.length > 300) throw new AppError('invalid_input', 'Invalid account identifier.');
  return `${provider}:${account.toLowerCase()}`;
}

function toInfo(s: Stored): ConnectionInfo {
  return {
    provider: s.provider,
    account: s.account,
    email: s.email,
    username: s.username,
    alias: s.alias,
    isDefault: s.isDefault,
    scopes: s.scopes,
    status: s.status,
    statusReason: s.statusReason,
    connectedAt: s.connectedAt,
    lastRefreshAt: s.lastRefreshAt,
  };
}
