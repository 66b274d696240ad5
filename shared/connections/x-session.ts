import type { TwitterApi } from 'twitter-api-v2';
import { AppError } from '../errors';
import type { Connection, ConnectionInfo } from './connections-store';
import { selectAccount } from './select-account';
import { connectUrl } from './connect-url';
import { freshConnection, RefreshRejected, type RefreshedTokens } from './token-refresh';
import { mapXError } from '../providers/x/x-errors';
import { xClient } from '../providers/x/x-client';
import type { SessionDeps } from './session-deps';

// An X client acting as the caller's connected X user (OAuth 2.0 user context). X rotates the
// refresh token on every refresh and the old one dies at once, so refreshes go through the
// cross-instance single-flight (../token-refresh.ts): one caller spends the refresh token, the new
// pair is persisted BEFORE the new access token is used, and a refusal only marks the connection
// reauth_required if the refused token is still the stored one (a race never strands it).

export interface XSession {
  /**
   * Runs one X call as the user. Should X answer 401 to a token we thought fresh (revoked early,
   * clock skew), the token is replaced once through the single-flight and the call made again —
   * X acted on nothing it refused with 401, so even a post is safe to repeat; a second 401 is the
   * caller's to map (reauth_required).
   */
  call<T>(op: (client: TwitterApi) => Promise<T>): Promise<T>;
  account: { id: string; username?: string };
}

const EXPIRY_MARGIN_MS = 60_000;

export async function openXSession(deps: SessionDeps, scopes: readonly string[], accountHint?: string): Promise<XSession> {
  const clientId = deps.config.x.clientId;
  if (!clientId) throw new AppError('not_connected', 'X is not configured on this server.', { details: { provider: 'x', configured: false } });
  const { entries: listed } = await deps.listConnections('x', 0);
  const info = selectAccount(
    deps.config,
    'x',
    listed.map((c) => c.info),
    scopes,
    accountHint,
  );
  const conn = await listed.find((c) => c.info === info)?.connection();
  if (!conn) throw new AppError('not_connected', 'No X account is connected.');
  const accessToken = isFresh(conn, deps.now()) ? conn.accessToken : (await refresh(deps, info, clientId)).accessToken;
  if (!accessToken) throw new AppError('not_connected', 'The X connection holds no access token; reconnect it.');
  const client = await xClient(deps.config, accessToken);
  const call = async <T>(op: (c: TwitterApi) => Promise<T>): Promise<T> => {
    try {
      return await op(client);
    } catch (e) {
      if ((e as { code?: unknown })?.code !== 401) throw e;
      const fresh = (await refresh(deps, info, clientId, accessToken)).accessToken;
      if (!fresh) throw e;
      return op(await xClient(deps.config, fresh));
    }
  };
  return { call, account: { id: info.account, username: info.username } };
}

function isFresh(c: Connection, now: number): boolean {
  return Boolean(c.accessToken) && (c.expiryDate ?? 0) - now >= EXPIRY_MARGIN_MS;
}

/** `rejected`: an access token X refused with 401, not fresh while it is still the stored one. */
async function refresh(deps: SessionDeps, info: ConnectionInfo, clientId: string, rejected?: string): Promise<Connection> {
  const clientSecret = (await deps.secrets.get('x-client-secret')).value;
  return freshConnection(
    {
      key: { uid: deps.uid, provider: 'x', account: info.account },
      connections: deps.connections,
      log: deps.log,
      now: deps.now,
      settings: deps.config.tokenRefresh,
    },
    {
      isFresh: (c) => isFresh(c, deps.now()) && (rejected === undefined || c.accessToken !== rejected),
      refresh: (refreshToken) => xTokenCall(deps, clientId, clientSecret, refreshToken),
      reauthError: (reason, cause) => reauthError(deps, info, reason, cause),
    },
  );
}

// https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/user-access-token
async function xTokenCall(deps: SessionDeps, clientId: string, clientSecret: string, refreshToken: string): Promise<RefreshedTokens> {
  const app = await xClient(deps.config, { clientId, clientSecret });
  try {
    const r = await app.refreshOAuth2Token(refreshToken);
    return { accessToken: r.accessToken, refreshToken: r.refreshToken, expiryDate: deps.now() + r.expiresIn * 1000, scopes: r.scope };
  } catch (e) {
    // X answers 400 invalid_request for a spent, revoked or unknown refresh token.
    const status = (e as { code?: unknown }).code;
    if (status === 400 || status === 401) throw new RefreshRejected('refresh_rejected', e);
    throw mapXError(e);
  }
}

function reauthError(deps: SessionDeps, info: ConnectionInfo, reason: string, cause?: unknown): AppError {
  return new AppError('reauth_required', 'X access has expired or was revoked; reconnect the account.', {
    cause,
    details: { provider: 'x', account: info.username ?? info.account, reason, connectUrl: connectUrl(deps.config, 'x', []) },
  });
}
