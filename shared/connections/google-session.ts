import type { OAuth2Client } from 'google-auth-library';
import { sessionAuthClient } from './google-auth-client';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { Connection, ConnectionInfo, UsableConnection } from './connections-store';
import { selectAccount } from './select-account';
import { connectUrl } from './connect-url';
import { EXPIRY_MARGIN_MS, needsRefresh, refreshGoogleConnection } from './google-refresh';
import type { SessionDeps } from './session-deps';

// An authorised Google client for one of the caller's connected accounts. An expired access
// token is refreshed through the cross-instance single-flight (google-refresh.ts): one token call
// however many requests need it, invalid_grant → reauth_required (409 with a connect URL), and
// transient failures retried without marking the connection. A token that expires during a long
// request is refreshed through the same single-flight (the client's refreshHandler), and so is
// one Google refuses with 401 before we expected it to expire (google-auth-client.ts).

export interface GoogleSession {
  auth: OAuth2Client;
  account: { email: string; alias?: string };
  /** Options every @googleapis/* constructor gets (loopback rootUrl in sandbox/tests). */
  apiOptions: { rootUrl?: string; timeout: number; retry: false };
}

/**
 * `maxAgeMs` > 0: a connection this instance read that recently will do (read-only callers);
 * `onReuse` is told when the session runs on such a remembered connection.
 */
export async function openGoogleSession(
  deps: SessionDeps,
  scopes: readonly string[],
  accountHint?: string,
  maxAgeMs = 0,
  onReuse: () => void = () => undefined,
): Promise<GoogleSession> {
  const clientId = deps.config.google.clientId;
  if (!clientId) throw new AppError('not_connected', 'Google is not configured on this server.', { details: { provider: 'google', configured: false } });
  const chosen = await chooseAccount(deps, scopes, accountHint, maxAgeMs);
  if (chosen.reused) onReuse();
  const info = chosen.entry.info;
  let conn: Connection | undefined = await chosen.entry.connection();
  if (!conn?.refreshToken && !conn?.accessToken) throw new AppError('not_connected', 'The Google connection holds no tokens; reconnect it.');
  const refresh = (rejected?: string) =>
    refreshGoogleConnection(deps, info, clientId, (reason, cause) => reauthError(deps.config, info, reason, cause), rejected);
  if (needsRefresh(conn, deps.now())) conn = await refresh();
  // The client holds the access token only. A token that expires during a long request, or one
  // Google refuses with 401 while we thought it fresh, is replaced through the same single-flight
  // as above: one token call across instances, persisted before use, invalid_grant →
  // reauth_required. The refresh token and the client secret stay out of the per-request client.
  const auth = await sessionAuthClient({
    clientId,
    eagerRefreshThresholdMillis: EXPIRY_MARGIN_MS,
    tokens: { accessToken: conn.accessToken as string, expiryDate: conn.expiryDate },
    replace: async (rejected) => {
      const fresh = await refresh(rejected);
      return { accessToken: fresh.accessToken as string, expiryDate: fresh.expiryDate ?? deps.now() + EXPIRY_MARGIN_MS };
    },
  });
  return {
    auth,
    account: { email: info.email ?? info.account, alias: info.alias },
    apiOptions: { rootUrl: deps.config.google.apiRootUrl, timeout: deps.config.upstreamTimeoutMs, retry: false },
  };
}

/** selectAccount over the remembered read if allowed; should it refuse that, over a fresh one. */
async function chooseAccount(
  deps: SessionDeps,
  scopes: readonly string[],
  accountHint: string | undefined,
  maxAgeMs: number,
): Promise<{ entry: UsableConnection; reused: boolean }> {
  const select = (entries: UsableConnection[]) => {
    const info = selectAccount(
      deps.config,
      'google',
      entries.map((c) => c.info),
      scopes,
      accountHint,
    );
    return entries.find((c) => c.info === info) as UsableConnection;
  };
  const first = await deps.listConnections('google', maxAgeMs);
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
