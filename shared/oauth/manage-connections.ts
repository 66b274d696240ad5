import { AppError } from '../errors';
import type { Connection, ConnectionInfo, ConnectionProvider } from '../connections/connections-store';
import { label } from '../connections/select-account';
import { writeAlias } from '../connections/account-alias';
import type { OAuthFlowDeps } from './flow-deps';

// The `connections` function's logic: list (never tokens), choose the default account, name an
// account (its alias), and disconnect. Disconnect revokes at the provider first and then deletes
// locally EVEN IF the revoke could not be confirmed (network, 5xx): a user who says "disconnect"
// expects the account gone from the assistant at once, and a leftover grant at the provider is harmless once we hold
// no token for it. The answer says `revoked: false` so the app can point to the provider's
// "third-party access" page.

export interface ConnectionView {
  provider: ConnectionProvider;
  account: string;
  email?: string;
  username?: string;
  alias?: string;
  scopes: string[];
  status: string;
  status_reason?: string;
  is_default: boolean;
  connected_at: string;
  last_refresh_at?: string;
}

export function toView(c: ConnectionInfo): ConnectionView {
  return {
    provider: c.provider,
    account: c.account,
    email: c.email,
    username: c.username,
    alias: c.alias,
    scopes: c.scopes,
    status: c.status,
    status_reason: c.statusReason,
    is_default: c.isDefault,
    connected_at: c.connectedAt,
    last_refresh_at: c.lastRefreshAt,
  };
}

export async function listConnections(deps: Pick<OAuthFlowDeps, 'connections'>, uid: string): Promise<ConnectionView[]> {
  const all = await deps.connections.list(uid);
  return all.sort((a, b) => a.provider.localeCompare(b.provider) || a.account.localeCompare(b.account)).map(toView);
}

/** The connection `hint` (alias, email, username or id) names; may be omitted when there is one. */
export async function findConnection(
  deps: Pick<OAuthFlowDeps, 'connections'>,
  uid: string,
  provider: ConnectionProvider,
  hint?: string,
): Promise<ConnectionInfo> {
  const all = await deps.connections.list(uid, provider);
  if (!hint) {
    if (all.length === 1 && all[0]) return all[0];
    if (all.length === 0) throw new AppError('not_found', `No ${provider} account is connected.`, { details: { provider } });
    throw new AppError('invalid_input', `Several ${provider} accounts are connected; say which one with "account".`, {
      details: { provider, accounts: all.map(label) },
    });
  }
  const h = hint.toLowerCase();
  const match = all.find((c) => [c.alias, c.email, c.username, c.account].some((v) => v?.toLowerCase() === h));
  if (!match) throw new AppError('not_found', `No connected ${provider} account matches "${hint}".`, { details: { provider, accounts: all.map(label) } });
  return match;
}

export async function makeDefault(deps: Pick<OAuthFlowDeps, 'connections'>, uid: string, provider: ConnectionProvider, hint: string): Promise<ConnectionView> {
  const target = await findConnection(deps, uid, provider, hint);
  await deps.connections.setDefault(uid, provider, target.account);
  return toView({ ...target, isDefault: true });
}

/** Sets or (with undefined) clears the alias of the account `hint` names; see account-alias.ts. */
export async function setAlias(
  deps: Pick<OAuthFlowDeps, 'connections'>,
  uid: string,
  provider: ConnectionProvider,
  hint: string,
  alias: string | undefined,
): Promise<ConnectionView> {
  const target = await findConnection(deps, uid, provider, hint);
  return toView(await writeAlias(deps.connections, uid, provider, target.account, alias));
}

export interface DisconnectResult {
  provider: ConnectionProvider;
  account: string;
  revoked: boolean;
  deleted: true;
}

export async function disconnect(deps: OAuthFlowDeps, uid: string, provider: ConnectionProvider, hint?: string): Promise<DisconnectResult> {
  const target = await findConnection(deps, uid, provider, hint);
  const conn = await deps.connections.get(uid, provider, target.account).catch((e: unknown) => {
    // Undecryptable tokens cannot be revoked, but the connection must still go.
    deps.log.warn('stored tokens unreadable during disconnect', { provider, err: e });
    return undefined;
  });
  await deps.beforeDisconnect?.(uid, target);
  const revoked = conn ? await revokeAtProvider(deps, conn) : false;
  if (!revoked) deps.log.warn('provider revoke not confirmed; deleting the connection anyway', { provider });
  await deps.connections.delete(uid, provider, target.account);
  return { provider, account: target.account, revoked, deleted: true };
}

async function revokeAtProvider(deps: OAuthFlowDeps, conn: Connection): Promise<boolean> {
  const token = conn.refreshToken ?? conn.accessToken;
  if (!token) return false;
  if (conn.provider === 'google') {
    const { revokeGoogleToken } = await import('../providers/google/google-oauth');
    return revokeGoogleToken(deps.config, token);
  }
  const { revokeXToken } = await import('../providers/x/x-oauth');
  return revokeXToken({ ...deps, now: () => deps.now().getTime() }, token, conn.refreshToken ? 'refresh_token' : 'access_token');
}
