import type { OAuth2Client, Credentials } from 'google-auth-library';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import type { Logger } from '../../log';
import type { SecretSource } from '../../secrets';
import type { ConnectionInfo, ConnectionsStore } from '../../store/connections';
import { selectAccount } from '../select-account';
import { mapGoogleError } from './google-errors';

// An authorised Google client for one of the caller's connected accounts. Tokens are refreshed
// by google-auth-library; every 'tokens' event is merged into the stored connection (encrypted).
// A refresh that fails with invalid_grant is terminal: the connection is marked
// reauth_required and the action answers 409 with a connect URL — one token call, no retries.

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

/** Refresh a little early so a token never expires in flight. */
const EXPIRY_MARGIN_MS = 60_000;

export async function openGoogleSession(deps: GoogleSessionDeps, scopes: readonly string[], accountHint?: string): Promise<GoogleSession> {
  const clientId = deps.config.google.clientId;
  if (!clientId) throw new AppError('not_connected', 'Google is not configured on this server.', { details: { provider: 'google', configured: false } });
  const info = selectAccount(deps.config, 'google', await deps.connections.list(deps.uid, 'google'), scopes, accountHint);
  const conn = await deps.connections.get(deps.uid, 'google', info.account);
  if (!conn?.refreshToken && !conn?.accessToken) throw new AppError('not_connected', 'The Google connection holds no tokens; reconnect it.');
  const { OAuth2Client } = await import('google-auth-library');
  const clientSecret = (await deps.secrets.get('google-oauth-client-secret')).value;
  const auth = new OAuth2Client({ clientId, clientSecret, endpoints: { oauth2TokenUrl: deps.config.google.tokenUrl }, eagerRefreshThresholdMillis: EXPIRY_MARGIN_MS });
  auth.setCredentials({ access_token: conn.accessToken, refresh_token: conn.refreshToken, expiry_date: conn.expiryDate });
  const pending: Promise<void>[] = [];
  auth.on('tokens', (tokens: Credentials) => pending.push(persistTokens(deps, info, tokens)));
  if (!conn.accessToken || (conn.expiryDate ?? 0) - deps.now() < EXPIRY_MARGIN_MS) await refreshNow(deps, info, auth);
  await Promise.all(pending);
  return {
    auth,
    account: { email: info.email ?? info.account, alias: info.alias },
    apiOptions: { rootUrl: deps.config.google.apiRootUrl, timeout: deps.config.upstreamTimeoutMs, retry: false },
    settled: async () => {
      await Promise.all(pending);
    },
  };
}

async function refreshNow(deps: GoogleSessionDeps, info: ConnectionInfo, auth: OAuth2Client): Promise<void> {
  try {
    await auth.getAccessToken();
  } catch (e) {
    if (isInvalidGrant(e)) {
      await deps.connections.markReauthRequired(deps.uid, 'google', info.account, 'invalid_grant');
      deps.log.warn('google grant revoked or expired; connection marked reauth_required', { provider: 'google' });
      throw new AppError('reauth_required', `Google access for ${info.email ?? info.account} has expired or was revoked; reconnect the account.`, {
        cause: e,
        details: { provider: 'google', account: info.email ?? info.account, reason: 'invalid_grant', connectUrl: reconnectUrl(deps.config, info) },
      });
    }
    throw mapGoogleError(e);
  }
}

function reconnectUrl(config: Config, info: ConnectionInfo): string {
  const params = new URLSearchParams({ provider: 'google', account: info.alias ?? info.account });
  return `${config.publicBaseUrl ?? ''}/oauth-start?${params.toString()}`;
}

async function persistTokens(deps: GoogleSessionDeps, info: ConnectionInfo, t: Credentials): Promise<void> {
  await deps.connections.updateTokens(deps.uid, 'google', info.account, {
    accessToken: t.access_token ?? undefined,
    refreshToken: t.refresh_token ?? undefined,
    expiryDate: t.expiry_date ?? undefined,
    scopes: t.scope ? t.scope.split(' ') : undefined,
  });
}

export function isInvalidGrant(e: unknown): boolean {
  const data = (e as { response?: { data?: { error?: unknown } } })?.response?.data;
  return data?.error === 'invalid_grant' || /invalid_grant/.test(String((e as Error)?.message ?? ''));
}
