import type { Firestore } from '@google-cloud/firestore';
import { AppError } from '../errors';
import { toMillis } from '../store/timestamps';
import { mintToken, parseToken, secretMatches } from './access-token';

// accessTokens/{id}: the personal access tokens people create for their MCP clients. Top level,
// keyed by the token's id, so verifying a token is one document read; each record names its
// owner (uid) and listing is a query on it. Only the secret's SHA-256 is stored. A token expires
// (checked in code; expireAt lets the TTL policy delete the record a while later), can be revoked,
// and remembers when it was last used (written at most once a minute, not on every request).

/** 'read': read tools and approval results; 'approvals': also ask for writes (pending approvals). */
export type TokenScope = 'read' | 'approvals';

export interface AccessTokenRecord {
  id: string;
  uid: string;
  name: string;
  scope: TokenScope;
  createdAtMs: number;
  expiresAtMs: number;
  revokedAtMs?: number;
  lastUsedAtMs?: number;
}

export const MAX_ACTIVE_TOKENS = 20;
const LAST_USED_GRANULARITY_MS = 60_000;
/** Expired and revoked tokens stay listed this long, then the TTL policy removes them. */
const RETAIN_AFTER_END_MS = 30 * 24 * 60 * 60 * 1000;

export class AccessTokenStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(uid: string, name: string, scope: TokenScope, ttlMs: number): Promise<{ token: string; record: AccessTokenRecord }> {
    const active = (await this.list(uid)).filter((t) => tokenStatus(t, this.now().getTime()) === 'active');
    if (active.length >= MAX_ACTIVE_TOKENS) {
      throw new AppError('conflict', `You have ${MAX_ACTIVE_TOKENS} active tokens; revoke one first.`, { details: { limit: MAX_ACTIVE_TOKENS } });
    }
    const minted = mintToken();
    const now = this.now().getTime();
    const record: AccessTokenRecord = { id: minted.id, uid, name, scope, createdAtMs: now, expiresAtMs: now + ttlMs };
    await this.ref(await this.db(), minted.id).create({
      id: minted.id,
      uid,
      name,
      scope,
      secretHash: minted.secretHash,
      createdAt: new Date(now),
      expiresAt: new Date(record.expiresAtMs),
      expireAt: new Date(record.expiresAtMs + RETAIN_AFTER_END_MS),
      revokedAt: null,
      lastUsedAt: null,
    });
    return { token: minted.token, record };
  }

  async list(uid: string): Promise<AccessTokenRecord[]> {
    const snaps = await (await this.db()).collection('accessTokens').where('uid', '==', uid).limit(200).get();
    return snaps.docs.map((d) => fromDoc(d.data())).sort((a, b) => b.createdAtMs - a.createdAtMs);
  }

  /** Revokes one of the caller's tokens (again: no change). Another user's token is "not found". */
  async revoke(uid: string, id: string): Promise<AccessTokenRecord> {
    const db = await this.db();
    const ref = this.ref(db, id);
    return db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const data = snap.data();
      if (!snap.exists || data?.uid !== uid) throw new AppError('not_found', `No access token ${id} of yours exists.`);
      const record = fromDoc(data);
      if (record.revokedAtMs !== undefined) return record;
      const now = this.now();
      tx.update(ref, { revokedAt: now, expireAt: new Date(now.getTime() + RETAIN_AFTER_END_MS) });
      return { ...record, revokedAtMs: now.getTime() };
    });
  }

  /** The live record a presented token belongs to, or an unauthenticated error (which never says why). */
  async verify(token: string): Promise<AccessTokenRecord> {
    const refused = new AppError('unauthenticated', 'The access token is invalid, expired or revoked.');
    const parts = parseToken(token);
    if (!parts) throw refused;
    const ref = this.ref(await this.db(), parts.id);
    const data = (await ref.get()).data();
    if (!data || typeof data.secretHash !== 'string' || !secretMatches(parts.secret, data.secretHash)) throw refused;
    const record = fromDoc(data);
    const now = this.now().getTime();
    if (tokenStatus(record, now) !== 'active') throw refused;
    if ((record.lastUsedAtMs ?? 0) + LAST_USED_GRANULARITY_MS <= now) await ref.update({ lastUsedAt: new Date(now) });
    return record;
  }

  private ref(db: Firestore, id: string) {
    return db.collection('accessTokens').doc(id);
  }
}

export function tokenStatus(t: AccessTokenRecord, now: number): 'active' | 'expired' | 'revoked' {
  if (t.revokedAtMs !== undefined) return 'revoked';
  return t.expiresAtMs <= now ? 'expired' : 'active';
}

function fromDoc(d: FirebaseFirestore.DocumentData): AccessTokenRecord {
  const revoked = toMillis(d.revokedAt);
  const used = toMillis(d.lastUsedAt);
  return {
    id: String(d.id),
    uid: String(d.uid),
    name: String(d.name),
    scope: d.scope === 'approvals' ? 'approvals' : 'read',
    createdAtMs: toMillis(d.createdAt),
    expiresAtMs: toMillis(d.expiresAt),
    ...(revoked ? { revokedAtMs: revoked } : {}),
    ...(used ? { lastUsedAtMs: used } : {}),
  };
}

const perRuntime = new WeakMap<object, AccessTokenStore>();

/** One store per instance runtime (its Firestore client and clock). */
export function accessTokensOf(runtime: { stores: { db(): Promise<Firestore> }; clock: { now(): Date } }): AccessTokenStore {
  let store = perRuntime.get(runtime.stores);
  if (!store) perRuntime.set(runtime.stores, (store = new AccessTokenStore(runtime.stores.db, () => runtime.clock.now())));
  return store;
}
