import type { Config } from '../config';
import { AppError } from '../errors';
import type { Connection, ConnectionInfo } from './connections-store';
import { freshConnection, RefreshRejected, type RefreshedTokens } from './token-refresh';
import { mapGoogleError } from '../providers/google/google-errors';
import type { SessionDeps } from './session-deps';

// Google's part of the refresh single-flight (shared/connections/token-refresh.ts): one call to the
// token endpoint through google-auth-library. invalid_grant is terminal (revoked, expired grant,
// 7-day Testing-mode limit); network failures and 5xx are transient and retried by the library.

/** Refresh a little early so a token never expires in flight. */
export const EXPIRY_MARGIN_MS = 60_000;

export function needsRefresh(c: Pick<Connection, 'accessToken' | 'expiryDate'>, now: number): boolean {
  return !c.accessToken || (c.expiryDate ?? 0) - now < EXPIRY_MARGIN_MS;
}

export async function refreshGoogleConnection(
  deps: SessionDeps,
  info: ConnectionInfo,
  clientId: string,
  reauthError: (reason: string, cause?: unknown) => AppError,
  /** An access token Google refused (401): the stored one is not fresh while it is still this one. */
  rejectedToken?: string,
): Promise<Connection> {
  const clientSecret = (await deps.secrets.get('google-oauth-client-secret')).value;
  return freshConnection(
    {
      key: { uid: deps.uid, provider: 'google', account: info.account },
      connections: deps.connections,
      log: deps.log,
      now: deps.now,
      settings: deps.config.tokenRefresh,
    },
    {
      isFresh: (c) => !needsRefresh(c, deps.now()) && (rejectedToken === undefined || c.accessToken !== rejectedToken),
      refresh: (refreshToken) => googleTokenCall(deps.config, clientId, clientSecret, refreshToken),
      reauthError,
      // google-auth-library already retries the token call (POST included) on network errors,
      // 429 and 5xx, three times with exponential backoff; retrying on top would multiply that.
      retryDelaysMs: [],
    },
  );
}

// https://developers.google.com/identity/protocols/oauth2/web-server#offline
async function googleTokenCall(config: Config, clientId: string, clientSecret: string, refreshToken: string): Promise<RefreshedTokens> {
  const { OAuth2Client } = await import('google-auth-library');
  const client = new OAuth2Client({
    clientId,
    clientSecret,
    endpoints: { oauth2TokenUrl: config.google.tokenUrl },
    transporterOptions: { timeout: config.upstreamTimeoutMs },
  });
  client.setCredentials({ refresh_token: refreshToken });
  try {
    const { credentials: t } = await client.refreshAccessToken();
    if (!t.access_token) throw new AppError('upstream_error', 'Google answered the refresh without an access token.', { details: { provider: 'google' } });
    return {
      accessToken: t.access_token,
      // Only present when Google rotates it; updateTokens keeps the old one otherwise.
      refreshToken: t.refresh_token && t.refresh_token !== refreshToken ? t.refresh_token : undefined,
      expiryDate: t.expiry_date ?? undefined,
      scopes: t.scope ? t.scope.split(' ') : undefined,
    };
  } catch (e) {
    if (isInvalidGrant(e)) throw new RefreshRejected('invalid_grant', e);
    throw mapGoogleError(e);
  }
}

export function isInvalidGrant(e: unknown): boolean {
  const data = (e as { response?: { data?: { error?: unknown } } })?.response?.data;
  return data?.error === 'invalid_grant' || /invalid_grant/.test(String((e as Error)?.message ?? ''));
}
