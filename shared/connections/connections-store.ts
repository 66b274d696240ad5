import type { Firestore, DocumentReference } from '@google-cloud/firestore';
import { type EncryptedField, storedVersionTag, type TokenCipher } from './token-crypto';
import { ReadMemory } from './read-memory';
import { decryptConnection, decryptOnce, encryptTokens, staleKeptTokens } from './connection-tokens';
import type { Connection, ConnectionInfo, ConnectionProvider, ConnectionTokens, UsableConnection, VersionedConnection } from './connection-record';
import { StoredConnection, TOKEN_FIELDS, toInfo, connectionId } from './connection-record';

export type { Connection, ConnectionInfo, ConnectionProvider, ConnectionTokens, UsableConnection, VersionedConnection } from './connection-record';

// users/{uid}/connections/{provider}:{account} — one document per connected account.
// Tokens are only ever written encrypted; list() never decrypts (it is what status pages use).

/** A user's accounts of one provider, as listForUse read them; `reused`: from this instance's memory. */
export interface ListedForUse {
  entries: UsableConnection[];
  reused: boolean;
}

/** Users whose last connection read an instance remembers; a bound on memory, not on staleness. */
const RECENT_READS_MAX = 2_000;

export class ConnectionsStore {
  // The last listForUse read per user and provider, kept so read actions can skip Firestore on
  // a warm instance. Every write made through this store forgets the user's entry; writes by
  // other instances are seen once the entry is older than the caller's maxAgeMs.
  private readonly recentReads: ReadMemory<UsableConnection[]>;

  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly cipher: TokenCipher,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.recentReads = new ReadMemory(RECENT_READS_MAX, () => this.now().getTime());
  }

  async list(uid: string, provider?: ConnectionProvider): Promise<ConnectionInfo[]> {
    const snap = await (await this.collection(uid)).get();
    return snap.docs
      .map((d) => StoredConnection.parse(d.data()))
      .filter((c) => !provider || c.provider === provider)
      .map(toInfo)
      .sort((a, b) => a.account.localeCompare(b.account));
  }

  /**
   * list() for a caller about to use one of the accounts: the same single query, each entry able to
   * decrypt its tokens from that read, so opening a session costs no second (get) round trip.
   * With `maxAgeMs`, a read this instance made at most that long ago is answered from memory
   * (`reused: true`); only read-only callers should ask for that.
   */
  async listForUse(uid: string, provider: ConnectionProvider, opts: { maxAgeMs?: number } = {}): Promise<ListedForUse> {
    const key = recentKey(uid, provider);
    const recent = this.recentReads.recall(key, opts.maxAgeMs ?? 0);
    if (recent) return { entries: recent, reused: true };
    this.cipher.prefetchKey();
    const remember = this.recentReads.reading(key);
    const snap = await (await this.collection(uid)).get();
    const entries = snap.docs
      .map((d) => StoredConnection.parse(d.data()))
      .filter((c) => c.provider === provider)
      .map((stored) => ({ info: toInfo(stored), connection: decryptOnce(() => decryptConnection(this.cipher, uid, provider, stored)) }))
      .sort((a, b) => a.info.account.localeCompare(b.info.account));
    remember(entries);
    return { entries, reused: false };
  }

  /**
   * Runs a write to a user's connections, forgetting the remembered read before and after it, so
   * neither an older read nor one that overlapped the write is used afterwards.
   * (RefreshLeases writes the documents directly and goes through here too.)
   */
  async writing<T>(uid: string, provider: ConnectionProvider, write: () => Promise<T>): Promise<T> {
    this.forgetRecent(uid, provider);
    try {
      return await write();
    } finally {
      this.forgetRecent(uid, provider);
    }
  }

  /** Drops the remembered read of a user's connections. */
  forgetRecent(uid: string, provider: ConnectionProvider): void {
    this.recentReads.forget(recentKey(uid, provider));
  }

  /** Drops every remembered read (the collection was changed underneath this instance). */
  forgetAllRecent(): void {
    this.recentReads.clear();
  }

  async get(uid: string, provider: ConnectionProvider, account: string): Promise<Connection | undefined> {
    return (await this.getVersioned(uid, provider, account))?.connection;
  }

  async getVersioned(uid: string, provider: ConnectionProvider, account: string): Promise<VersionedConnection | undefined> {
    // The key the tokens need is read from Secret Manager while Firestore answers.
    this.cipher.prefetchKey();
    const snap = await (await this.ref(uid, provider, account)).get();
    if (!snap.exists || !snap.updateTime) return undefined;
    const stored = StoredConnection.parse(snap.data());
    const conn = await decryptConnection(this.cipher, uid, provider, stored);
    const lease = { until: stored.refreshLeaseUntil ?? 0, holder: stored.refreshLeaseHolder, failedAt: stored.refreshFailedAt };
    const tag = (e: EncryptedField | undefined) => (e ? storedVersionTag(e) : undefined);
    const keyVersions = { accessToken: tag(stored.accessToken), refreshToken: tag(stored.refreshToken) };
    return { connection: conn, updateTime: snap.updateTime, lease, keyVersions };
  }

  /** Creates or replaces a connection (a fresh consent). */
  async save(uid: string, conn: Omit<Connection, 'connectedAt' | 'status' | 'isDefault'> & { isDefault?: boolean }): Promise<void> {
    const doc: Record<string, unknown> = {
      provider: conn.provider,
      account: conn.account,
      email: conn.email,
      emailVerified: conn.emailVerified,
      username: conn.username,
      alias: conn.alias,
      isDefault: conn.isDefault ?? false,
      scopes: [...new Set(conn.scopes)].sort(),
      status: 'active',
      connectedAt: this.now().toISOString(),
      expiryDate: conn.expiryDate,
      ...(await encryptTokens(this.cipher, uid, conn.provider, conn.account, conn)),
    };
    await this.writing(uid, conn.provider, async () => (await this.ref(uid, conn.provider, conn.account)).set(doc));
  }

  /**
   * Merges refreshed tokens. A refresh token is only replaced by a new one, never by undefined
   * (Google omits it on most refreshes). A successful refresh also clears reauth_required and
   * ends any refresh lease. A token kept from before that is still encrypted under an older key
   * version is re-encrypted under the current one in the same write (key rotation).
   */
  async updateTokens(uid: string, provider: ConnectionProvider, account: string, tokens: ConnectionTokens & { scopes?: string[] }): Promise<void> {
    // Opportunistic: a kept token that cannot be decrypted is left for the reencrypt script to
    // report, because the refresh must be saved regardless (X's old refresh token is dead).
    const kept = await this.keptTokens(uid, provider, account, tokens).catch((): ConnectionTokens => ({}));
    const update: Record<string, unknown> = {
      ...(await encryptTokens(this.cipher, uid, provider, account, {
        accessToken: tokens.accessToken ?? kept.accessToken,
        refreshToken: tokens.refreshToken ?? kept.refreshToken,
      })),
      lastRefreshAt: this.now().toISOString(),
      status: 'active',
      refreshLeaseUntil: 0,
    };
    if (tokens.expiryDate !== undefined) update.expiryDate = tokens.expiryDate;
    if (tokens.scopes) update.scopes = [...new Set(tokens.scopes)].sort();
    await this.writing(uid, provider, async () => (await this.ref(uid, provider, account)).update(update));
  }

  async markReauthRequired(uid: string, provider: ConnectionProvider, account: string, reason: string): Promise<void> {
    await this.writing(uid, provider, async () =>
      (await this.ref(uid, provider, account)).update({ status: 'reauth_required', statusReason: reason, refreshLeaseUntil: 0 }),
    );
  }

  /** Makes `account` the provider's default and every other account of that provider not. */
  async setDefault(uid: string, provider: ConnectionProvider, account: string): Promise<void> {
    const db = await this.db();
    const batch = db.batch();
    for (const c of await this.list(uid, provider)) {
      batch.update(await this.ref(uid, provider, c.account), { isDefault: c.account.toLowerCase() === account.toLowerCase() });
    }
    await this.writing(uid, provider, () => batch.commit());
  }

  /**
   * Re-encrypts every token of a connection still under an older key version. Compare-and-set on
   * the update time, so a concurrent refresh is never overwritten (it re-encrypts by itself).
   * True when something was rewritten.
   */
  async reencryptIfStale(uid: string, provider: ConnectionProvider, account: string): Promise<boolean> {
    const current = await this.cipher.currentVersion();
    const v = await this.getVersioned(uid, provider, account);
    if (!v || TOKEN_FIELDS.every((f) => (v.keyVersions[f] ?? current) === current)) return false;
    const update = await encryptTokens(this.cipher, uid, provider, v.connection.account, v.connection);
    await this.writing(uid, provider, async () => (await this.ref(uid, provider, account)).update(update, { lastUpdateTime: v.updateTime }));
    return true;
  }

  async delete(uid: string, provider: ConnectionProvider, account: string): Promise<void> {
    await this.writing(uid, provider, async () => (await this.ref(uid, provider, account)).delete());
  }

  async ref(uid: string, provider: ConnectionProvider, account: string): Promise<DocumentReference> {
    return (await this.collection(uid)).doc(connectionId(provider, account));
  }

  private async collection(uid: string) {
    return (await this.db()).collection('users').doc(uid).collection('connections');
  }

  private async keptTokens(uid: string, provider: ConnectionProvider, account: string, tokens: ConnectionTokens): Promise<ConnectionTokens> {
    return staleKeptTokens(await this.cipher.currentVersion(), await this.getVersioned(uid, provider, account), tokens);
  }
}

function recentKey(uid: string, provider: ConnectionProvider): string {
  return `${provider}\u0000${uid}`;
}
