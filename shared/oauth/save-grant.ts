import type { ConnectionInfo, ConnectionsStore } from '../connections/connections-store';
import type { OAuthProvider } from './oauth-states-store';
import type { ProviderGrant } from '../providers/oauth-types';
import { aliasClash } from '../connections/account-alias';

// Stores a completed consent as the account's connection (tokens encrypted by the store), merging
// with what was there: a reconnect keeps its alias and default flag and — when the provider sent
// no new refresh token — the old refresh token. The first account of a provider (or the first
// while none is default) becomes the default one.

export async function saveGrant(
  connections: ConnectionsStore,
  uid: string,
  provider: OAuthProvider,
  grant: ProviderGrant,
  alias: string | undefined,
  now: Date,
): Promise<ConnectionInfo> {
  const all = await connections.list(uid, provider);
  const same = (c: ConnectionInfo) => c.account.toLowerCase() === grant.account.toLowerCase();
  const existing = all.find(same);
  const others = all.filter((c) => !same(c));
  // An alias that names another account meanwhile is dropped rather than made ambiguous.
  const aliasFree = alias !== undefined && !aliasClash(alias, grant.account, others);
  const conn = {
    provider,
    account: grant.account,
    email: grant.email,
    emailVerified: grant.emailVerified,
    username: grant.username,
    alias: aliasFree ? alias : existing?.alias,
    isDefault: existing?.isDefault ?? !others.some((c) => c.isDefault),
    scopes: [...new Set(grant.scopes)].sort(),
    accessToken: grant.accessToken,
    refreshToken: grant.refreshToken ?? (existing ? await keptRefreshToken(connections, uid, provider, existing.account) : undefined),
    expiryDate: grant.expiryDate,
  };
  await connections.save(uid, conn);
  const { accessToken: _a, refreshToken: _r, expiryDate: _e, ...info } = conn;
  return { ...info, status: 'active', connectedAt: now.toISOString() };
}

async function keptRefreshToken(connections: ConnectionsStore, uid: string, provider: OAuthProvider, account: string): Promise<string | undefined> {
  // An unreadable old token (e.g. corrupted) is simply not kept: the new grant stands alone.
  return (await connections.get(uid, provider, account).catch(() => undefined))?.refreshToken;
}
