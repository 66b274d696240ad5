import type { OAuth2Client, Credentials } from 'google-auth-library';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import type { Logger } from '../../log';
import type { SecretSource } from '../../secrets';
import type { Connection, ConnectionInfo, ConnectionsStore, UsableConnection } from '../../store/connections';
import { selectAccount } from '../select-account';
import { connectUrl } from '../../auth/connect-url';
import { EXPIRY_MARGIN_MS, needsRefresh, refreshGoogleConnection } from './google-refresh';

// An authorised Google client for one of the caller's connected accounts. An expired access
// token is refreshed through the cross-instance single-flight (google-refresh.ts): one token call
// however many requests need it, invalid_grant → reauth_required (409 with a connect URL), and
// transient failures retried without marking the connection. Should a token still expire during
// a long request, google-auth-library refreshes by itself and the 'tokens' event is persisted.

export interface GoogleSession {
  auth: OAuth2Client;
  account: { email: string; alias?: string };
  /** Options every @googleapis/* constructor gets (loopback rootUrl in sandbox/tests). */
  apiOptions: { rootUrl?: string; timeout: number; retry: false };
  /** Resolves once every token update seen so far is persisted. */
  settled(): Promise<void>;
}

export interface GoogleSessionDeps {
  uid: string;
  config: Config;
  connections: ConnectionsStore;
  secrets: SecretSource;
  log: Logger;
  now: () => number;
}

/**
 * `maxAgeMs` > 0: a connection this instance read that recently will do (read-only callers);
 * `onReuse` is told when the session runs on such a remembered connection.
 */
export async function openGoogleSession(deps: GoogleSessionDeps, scopes: readonly string[], accountHint?: string, maxAgeMs = 0, onReuse: () => void = () => undefined): Promise<GoogleSession> {
  const clientId = deps.config.google.clientId;
  if (!clientId) throw new AppError('not_connected', 'Google is not configured on this server.', { details: { provider: 'google', configured: false } });
  // Read while Firestore answers the lookups below; awaited (and its failure reported) after them.
  const clientSecret = deps.secrets.get('google-oauth-client-secret');
  clientSecret.catch(() => undefined);
  const chosen = await chooseAccount(deps, scopes, accountHint, maxAgeMs);
  if (chosen.reused) onReuse();
  const info = chosen.entry.info;
  let conn: Connection | undefined = await chosen.entry.connection();
  if (!conn?.refreshToken && !conn?.accessToken) throw new AppError('not_connected', 'The Google connection holds no tokens; reconnect it.');
  if (needsRefresh(conn, deps.now())) conn = await refreshGoogleConnection(deps, info, clientId, (reason, cause) => reauthError(deps.config, info, reason, cause));
  const { OAuth2Client } = await import('google-auth-library');
  const auth = new OAuth2Client({ clientId, clientSecret: (await clientSecret).value, endpoints: { oauth2TokenUrl: deps.config.google.tokenUrl }, eagerRefreshThresholdMillis: EXPIRY_MARGIN_MS });
  auth.setCredentials({ access_token: conn.accessToken, refresh_token: conn.refreshToken, expiry_date: conn.expiryDate });
  const pending: Promise<void>[] = [];
  auth.on('tokens', (tokens: Credentials) => pending.push(persistTokens(deps, info, tokens)));
  return {
    auth,
    account: { email: info.email ?? info.account, alias: info.alias },
    apiOptions: { rootUrl: deps.config.google.apiRootUrl, timeout: deps.config.upstreamTimeoutMs, retry: false },
    settled: async () => {
      await Promise.all(pending);
    },
  };
}

/** selectAccount over the remembered read if allowed; should it refuse that, over a fresh one. */
async function chooseAccount(deps: GoogleSessionDeps, scopes: readonly string[], accountHint: string | undefined, maxAgeMs: number): Promise<{ entry: UsableConnection; reused: boolean }> {
  const select = (entries: UsableConnection[]) => {
    const info = selectAccount(deps.config, 'google', entries.map((c) => c.info), scopes, accountHint);
    return entries.find((c) => c.info === info) as UsableConnection;
  };
  const first = await deps.connections.listForUse(deps.uid, 'google', { maxAgeMs });
  if (!first.reused) return { entry: select(first.entries), reused: false };
  try {
    return { entry: select(first.entries), reused: true };
  } catch {
    // Reconnected, renamed or given scopes on another instance since: look at what is stored now.
    return { entry: select((await deps.connections.listForUse(deps.uid, 'google')).entries), reused: false };
  }
}

function reauthError(config: Config, info: ConnectionInfo, reason: string, cause?: unknown): AppError {
  return new AppError('reauth_required', `Google access for ${info.email ?? info.account} has expired or was revoked; reconnect the account.`, {
    cause,
    details: { provider: 'google', account: info.email ?? info.account, reason, connectUrl: connectUrl(config, 'google', [], info.alias ?? info.account) },
  });
}

async function persistTokens(deps: GoogleSessionDeps, info: ConnectionInfo, t: Credentials): Promise<void> {
  await deps.connections.updateTokens(deps.uid, 'google', info.account, {
    accessToken: t.access_token ?? undefined,
    refreshToken: t.refresh_token ?? undefined,
    expiryDate: t.expiry_date ?? undefined,
    scopes: t.scope ? t.scope.split(' ') : undefined,
  });
}

export { isInvalidGrant } from './google-refresh';
