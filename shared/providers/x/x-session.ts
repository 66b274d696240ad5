import type { TwitterApi } from 'twitter-api-v2';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import type { Logger } from '../../log';
import type { SecretSource } from '../../secrets';
import type { ConnectionInfo, ConnectionsStore } from '../../store/connections';
import { selectAccount } from '../select-account';
import { mapXError } from './x-errors';

// An X client acting as the caller's connected X user (OAuth 2.0 user context). X rotates the
// refresh token on every refresh and the old one dies at once, so the new pair is persisted
// BEFORE the new access token is used; a rejected refresh marks the connection reauth_required.

export interface XSession {
  client: TwitterApi;
  account: { id: string; username?: string };
}

export interface XSessionDeps {
  uid: string;
  config: Config;
  connections: ConnectionsStore;
  secrets: SecretSource;
  log: Logger;
  now: () => number;
}

const EXPIRY_MARGIN_MS = 60_000;

export async function openXSession(deps: XSessionDeps, scopes: readonly string[], accountHint?: string): Promise<XSession> {
  const clientId = deps.config.x.clientId;
  if (!clientId) throw new AppError('not_connected', 'X is not configured on this server.', { details: { provider: 'x', configured: false } });
  const info = selectAccount(deps.config, 'x', await deps.connections.list(deps.uid, 'x'), scopes, accountHint);
  const conn = await deps.connections.get(deps.uid, 'x', info.account);
  if (!conn) throw new AppError('not_connected', 'No X account is connected.');
  let accessToken = conn.accessToken;
  if (!accessToken || (conn.expiryDate ?? 0) - deps.now() < EXPIRY_MARGIN_MS) {
    accessToken = await refresh(deps, info, clientId, conn.refreshToken);
  }
  return { client: await xClient(deps.config, accessToken), account: { id: info.account, username: info.username } };
}

async function refresh(deps: XSessionDeps, info: ConnectionInfo, clientId: string, refreshToken: string | undefined): Promise<string> {
  if (!refreshToken) return reauth(deps, info, 'no_refresh_token');
  const clientSecret = (await deps.secrets.get('x-client-secret')).value;
  const app = await xClient(deps.config, { clientId, clientSecret });
  try {
    const r = await app.refreshOAuth2Token(refreshToken);
    await deps.connections.updateTokens(deps.uid, 'x', info.account, {
      accessToken: r.accessToken,
      refreshToken: r.refreshToken,
      expiryDate: deps.now() + r.expiresIn * 1000,
      scopes: r.scope,
    });
    return r.accessToken;
  } catch (e) {
    const status = (e as { code?: unknown }).code;
    if (status === 400 || status === 401) return reauth(deps, info, 'refresh_rejected', e);
    throw mapXError(e);
  }
}

async function reauth(deps: XSessionDeps, info: ConnectionInfo, reason: string, cause?: unknown): Promise<never> {
  await deps.connections.markReauthRequired(deps.uid, 'x', info.account, reason);
  deps.log.warn('x grant rejected; connection marked reauth_required', { provider: 'x', reason });
  throw new AppError('reauth_required', 'X access has expired or was revoked; reconnect the account.', {
    cause,
    details: { provider: 'x', account: info.username ?? info.account, reason, connectUrl: `${deps.config.publicBaseUrl ?? ''}/oauth-start?provider=x` },
  });
}

/** twitter-api-v2 has no base-URL option; a plugin redirects requests when one is configured. */
export async function xClient(config: Config, auth: string | { clientId: string; clientSecret: string }): Promise<TwitterApi> {
  const { TwitterApi } = await import('twitter-api-v2');
  const base = config.x.apiBaseUrl;
  const make = (settings: ConstructorParameters<typeof TwitterApi>[1]) =>
    typeof auth === 'string' ? new TwitterApi(auth, settings) : new TwitterApi(auth, settings);
  if (!base) return make({});
  const [{ baseUrlPlugin }, http] = await Promise.all([import('./base-url-plugin'), import('node:http')]);
  // A plain-http agent: the configured base (a loopback fake, a proxy) may not speak TLS.
  const httpAgent = base.startsWith('http:') ? new http.Agent({ keepAlive: true }) : undefined;
  return make({ plugins: [baseUrlPlugin(base)], ...(httpAgent ? { httpAgent } : {}) });
}
